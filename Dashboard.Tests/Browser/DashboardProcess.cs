using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Ablation.Dashboard.Hosting;
using Ablation.Tests.Data;
using Ablation.Tests.Training;

namespace Ablation.Tests.Browser;

/// <summary>
/// The real dashboard, started as its own process from the Dashboard project's build output, on a
/// free loopback port, with its own SQLite file, data root (the toy IDX set) and runs folder in a
/// temp folder. The content root is still the repository (found from Dashboard.sln), so wwwroot/,
/// plotly included, is the one the build restored. Disposing stops it (SIGTERM, then a kill) and
/// deletes the temp folder.
/// </summary>
public sealed partial class DashboardProcess : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _stopGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly TempDataRoot? _ownedRoot;
    private readonly LogTail _log;

    private DashboardProcess(Process process, string rootPath, TempDataRoot? ownedRoot, LogTail log, Uri baseUrl)
    {
        _process = process;
        RootPath = rootPath;
        _ownedRoot = ownedRoot;
        _log = log;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the dashboard listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The temp folder holding <c>ablation.db</c>, <c>data/</c> (the toy set, id <c>toy</c>) and <c>runs/</c>.</summary>
    public string RootPath { get; }

    /// <summary>The last lines the dashboard wrote on stdout and stderr.</summary>
    public string Log => _log.ToString();

    /// <summary>The dashboard's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the dashboard and waits until its home page answers. <paramref name="settings"/> adds
    /// or overrides configuration (keys as in appsettings.json: <c>Scheduler:MaxConcurrentRuns</c>).
    /// Given a <paramref name="folder"/> (one an earlier dashboard used), it starts on that folder's
    /// database, data and runs, and leaves the folder to its owner.
    /// </summary>
    public static async Task<DashboardProcess> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, string environment = "Production", string? folder = null)
    {
        var owned = folder is null ? new TempDataRoot() : null;
        var rootPath = folder ?? owned!.Path;
        string Combine(string name) => Path.Combine(rootPath, name);
        try
        {
            if (owned is not null)
            {
                ToyData.Write(Combine("data"));
            }

            var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
            var start = new ProcessStartInfo(Executable())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = rootPath,
            };

            // The test runner's own settings must not leak into the dashboard.
            foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT" })
            {
                start.Environment.Remove(inherited);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            var config = new Dictionary<string, string>
            {
                ["Urls"] = baseUrl.GetLeftPart(UriPartial.Authority),
                ["ConnectionStrings:Ablation"] = $"Data Source={Combine("ablation.db")}",
                ["Training:DataRoot"] = Combine("data"),
                ["Training:RunsRoot"] = Combine("runs"),
                ["Training:Threads"] = "1",
                ["Scheduler:CancelGraceSeconds"] = "5",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                config[key] = value;
            }

            foreach (var (key, value) in config)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var log = new LogTail();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => log.Add(e.Data);
            process.ErrorDataReceived += (_, e) => log.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var dashboard = new DashboardProcess(process, rootPath, owned, log, baseUrl);
            try
            {
                await dashboard.WaitUntilAnsweringAsync();
            }
            catch
            {
                await dashboard.DisposeAsync();
                throw;
            }

            return dashboard;
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>Kills the dashboard with SIGKILL, as the out-of-memory killer or a power cut would end it, and waits until it is gone.</summary>
    public async Task CrashAsync()
    {
        _ = Kill(_process.Id, 9);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets the host stop as it would under Ctrl+C: the scheduler stops its workers.
                _ = Kill(_process.Id, 15);
                using var grace = new CancellationTokenSource(_stopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It never started, or exited in between.
        }
        finally
        {
            _process.Dispose();
            _ownedRoot?.Dispose();
        }
    }

    /// <summary>
    /// The Dashboard project's own build output for this test build's configuration (its static web
    /// assets manifest, which serves package assets such as MudBlazor's, lives only there); the copy
    /// beside the tests when that folder is missing.
    /// </summary>
    public static string Executable()
    {
        var tests = AppContext.BaseDirectory;
        var candidates = new List<string>();
        if (RepoRoot.Find() is { } repo)
        {
            // …/Dashboard.Tests/bin/Release/net10.0/linux-x64/ → …/Dashboard/bin/Release/net10.0/linux-x64/Dashboard
            // (or, for another project such as bench/DashboardBench, the same bin/<configuration>/… below Dashboard/).
            var bin = tests.LastIndexOf($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            if (bin >= 0)
            {
                candidates.Add(Path.GetFullPath(Path.Combine(repo, "Dashboard", tests[(bin + 1)..], "Dashboard")));
            }
        }

        candidates.Add(Path.Combine(tests, "Dashboard"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("the dashboard executable was not found (build Dashboard.sln first); looked for: " + string.Join(", ", candidates));
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + _startTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the dashboard exited with code {_process.ExitCode} before answering at {BaseUrl}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync("/");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the dashboard did not answer at {BaseUrl} within {_startTimeout.TotalSeconds:0} s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    // Another process may take the port between this probe and the dashboard's bind; the start
    // then fails with the dashboard's own "address in use" line in the message.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // "libc.so" is a linker script on glibc systems, so name the real library.
    [LibraryImport("libc.so.6", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>The last lines of a process's output, kept for failure messages.</summary>
    private sealed class LogTail
    {
        private const int MaxLines = 200;
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }
}
