using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ablation.Training.Torch;

/// <summary>
/// Finds libablnative.so: $ABLATE_NATIVE_LIB, then beside the assembly, then Training/Native/build
/// above it (a test or tool run from the source tree). Records every attempt so that a failure
/// says where it looked and why each candidate did not load.
/// </summary>
internal static class NativeLibraryLoader
{
    /// <summary>
    /// A runtime switch (runtimeconfig.json) for processes that must never load the shim: the
    /// dashboard sets it, so a code path that would map libtorch into the web process fails with
    /// this message instead of loading it silently.
    /// </summary>
    public const string ForbiddenSwitch = "Ablation.Training.NativeCodeForbidden";

    private const string FileName = "libablnative.so";
    private static readonly List<string> _attempts = [];
    private static nint _handle;

    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.Library)
        {
            return nint.Zero;
        }

        if (AppContext.TryGetSwitch(ForbiddenSwitch, out var forbidden) && forbidden)
        {
            throw new TorchNotFoundException(
                "native training code runs only in the training worker, never in this process (" + ForbiddenSwitch + " is set)");
        }

        lock (_attempts)
        {
            if (_handle != nint.Zero)
            {
                return _handle;
            }

            foreach (var candidate in Candidates())
            {
                if (!File.Exists(candidate))
                {
                    _attempts.Add($"{candidate} (not found)");
                    continue;
                }

                try
                {
                    _handle = NativeLibrary.Load(candidate);
                    return _handle;
                }
                catch (DllNotFoundException e)
                {
                    // Usually libtorch itself is missing: dlopen names the library it could not find.
                    _attempts.Add($"{candidate} ({e.Message.Trim()})");
                }
            }

            throw new TorchNotFoundException(
                "libtorch shim not loadable; tried: " + string.Join("; ", _attempts) +
                ". Run scripts/setup.sh (installs libtorch-dev and builds Training/Native), " +
                "or set ABLATE_NATIVE_LIB to the path of libablnative.so.");
        }
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ABLATE_NATIVE_LIB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return Path.GetFullPath(fromEnvironment);
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inTree = Path.Combine(dir.FullName, "Training", "Native", "build", FileName);
            if (File.Exists(inTree))
            {
                yield return inTree;
                yield break;
            }
        }
    }
}
