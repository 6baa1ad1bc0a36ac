using Ablation.Bench;

// The dashboard benchmarks of issue 3; bench/dashboard.sh builds and runs this, bench/README.md
// says what each measures and how.
return await BenchCommand.RunAsync(args);
