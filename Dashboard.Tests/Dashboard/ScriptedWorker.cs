namespace Ablation.Tests.Dashboard;

/// <summary>
/// A stand-in for <c>ablate-worker</c> for tests that need runs to end fast and on cue: every run
/// reports one epoch and succeeds with a test accuracy that depends on its seed, unless a marker
/// (<see cref="FailOnce"/>) matches its spec, in which case that run fails (exit 2) or diverges
/// (exit 3, after an epoch with a flattering test accuracy of 0.99). Each marker is used by one run.
/// Each run appends its run folder to <see cref="LaunchLog"/>.
/// </summary>
internal sealed class ScriptedWorker
{
    private int _markers;

    public ScriptedWorker(string folder)
    {
        Markers = Path.Combine(folder, "markers");
        LaunchLog = Path.Combine(folder, "launches.log");
        Directory.CreateDirectory(Markers);
        WorkerPath = Path.Combine(folder, "scripted-worker.sh");
        File.WriteAllText(WorkerPath, Script.Replace("{MARKERS}", Markers, StringComparison.Ordinal).Replace("{LOG}", LaunchLog, StringComparison.Ordinal));
        File.SetUnixFileMode(WorkerPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string WorkerPath { get; }
    public string Markers { get; }
    public string LaunchLog { get; }

    /// <summary>The next run whose spec (compact JSON) matches <paramref name="pattern"/> (an extended regex) fails, or diverges.</summary>
    public void FailOnce(string pattern, bool diverge = false) =>
        File.WriteAllText(Path.Combine(Markers, $"marker-{Interlocked.Increment(ref _markers)}"), $"{(diverge ? 3 : 2)} {pattern}\n");

    /// <summary>The run folders the worker was started with, in order.</summary>
    public IReadOnlyList<string> Launches => File.Exists(LaunchLog) ? File.ReadAllLines(LaunchLog) : [];

    // Arguments as the supervisor passes them: run SPEC --out DIR --data-root … --threads … --device ….
    private const string Script = """
        #!/usr/bin/env bash
        exec >> "$4/events.jsonl"  # events go to the run folder's events file (docs/worker.md), which the dashboard stores from
        spec="$2"
        echo "$4" >> '{LOG}'
        seed=$(grep -o '"seed":[0-9]*' "$spec" | head -n 1 | cut -d: -f2)
        outcome=0
        for marker in '{MARKERS}'/*; do
          [ -e "$marker" ] || continue
          read -r code pattern < "$marker"
          if grep -qE -- "$pattern" "$spec" && rm "$marker" 2>/dev/null; then outcome=$code; break; fi
        done
        acc=$(awk -v s="${seed:-1}" 'BEGIN { printf "%.4f", 0.6 + s * 0.013 }')
        loss=$(awk -v a="$acc" 'BEGIN { printf "%.4f", 1 - a }')
        echo '{"event":"start","time":0.1,"device":"cpu","parameters":10,"epochs":1,"resumed_from_epoch":0}'
        echo '{"event":"batch","time":0.2,"epoch":1,"step":2,"loss":0.9,"lr":0.01}'
        if [ "$outcome" = 3 ]; then
          echo '{"event":"epoch","time":0.3,"epochs":1,"metrics":{"epoch":1,"train_loss":5.0,"train_accuracy":0.99,"val_loss":5.0,"val_accuracy":0.99,"test_loss":5.0,"test_accuracy":0.99,"lr":0.01,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
          echo '{"event":"diverged","time":0.4,"epoch":1,"step":3,"loss":"NaN"}'
          exit 3
        fi
        if [ "$outcome" = 2 ]; then
          echo '{"event":"error","time":0.3,"message":"scripted failure"}'
          exit 2
        fi
        echo '{"event":"epoch","time":0.3,"epochs":1,"metrics":{"epoch":1,"train_loss":0.5,"train_accuracy":0.8,"val_loss":0.5,"val_accuracy":0.8,"test_loss":'"$loss"',"test_accuracy":'"$acc"',"lr":0.01,"train_seconds":0.1,"epoch_seconds":0.2,"samples_per_second":100}}'
        echo '{"event":"final","time":0.4,"status":"succeeded","metrics":{"test_accuracy":'"$acc"',"test_loss":'"$loss"',"best_val_accuracy":0.8,"best_val_epoch":1,"test_accuracy_at_best_val":'"$acc"',"epochs_completed":1,"mean_epoch_seconds":0.2}}'
        """;
}
