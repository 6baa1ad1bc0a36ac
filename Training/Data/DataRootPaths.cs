using System.Runtime.InteropServices;

namespace Ablation.Training.Data;

/// <summary>
/// Where a path inside the data root really leads once symbolic links are followed. A path typed
/// into a spec must not reach outside the root through a link any more than through "..".
/// </summary>
internal static partial class DataRootPaths
{
    /// <summary>The real target when <paramref name="path"/> resolves outside the real data root; null when it stays inside or does not exist.</summary>
    public static string? EscapesThroughLink(string dataRoot, string path)
    {
        var realRoot = RealPath(dataRoot) ?? dataRoot;
        var real = RealPath(path);
        if (real is null)
        {
            return null;
        }

        var prefix = realRoot.EndsWith('/') ? realRoot : realRoot + "/";
        return real == realRoot || real.StartsWith(prefix, StringComparison.Ordinal) ? null : real;
    }

    /// <summary>libc's realpath: every link and "." or ".." resolved; null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, nint.Zero);
        if (resolved == nint.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc.so.6", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
