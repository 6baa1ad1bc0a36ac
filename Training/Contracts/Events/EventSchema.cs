using System.Globalization;

namespace Ablation.Contracts.Events;

/// <summary>
/// The version of the event schema, "MAJOR.MINOR", written on every line as <c>schema</c>. A minor
/// version only adds: optional fields, or events an older reader skips. A new major version may
/// change or remove what exists, and a reader refuses a major it does not know rather than
/// misread it. A line without <c>schema</c> was written before the field existed and is 1.0.
/// </summary>
public readonly record struct EventSchema(int Major, int Minor)
{
    /// <summary>The schema this assembly writes and reads.</summary>
    public static EventSchema Current { get; } = new(1, 0);

    /// <summary>The schema of a line that names none.</summary>
    public static EventSchema Unversioned { get; } = new(1, 0);

    public bool IsReadable => Major == Current.Major;

    public static bool TryParse(string? text, out EventSchema schema)
    {
        schema = Unversioned;
        var dot = text?.IndexOf('.') ?? -1;
        if (text is null || dot <= 0
            || !int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        schema = new EventSchema(major, minor);
        return true;
    }

    public override string ToString() => $"{Major}.{Minor}";
}
