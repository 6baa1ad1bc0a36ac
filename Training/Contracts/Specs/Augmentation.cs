using System.Globalization;

namespace Ablation.Contracts.Specs;

/// <summary>
/// The training-time augmentation of <c>data.augment</c>, read from its compact form: <c>none</c>, or
/// parts joined by <c>+</c>, each at most once: <c>crop[:PADDING]</c> (pad by PADDING pixels, default 4,
/// then crop back to the image size at a random offset), <c>flip</c> (horizontal, with probability
/// 1/2), <c>rotate[:DEGREES]</c> (uniform in ±DEGREES, default 15), <c>translate[:FRACTION]</c> (a
/// uniform shift of up to FRACTION of the width and height, default 0.1). For example
/// <c>crop+flip</c> or <c>crop:2+flip+rotate:10</c>.
/// </summary>
public sealed record Augmentation(int CropPadding, bool HorizontalFlip, double RotationDegrees, double Translation)
{
    public const int DefaultCropPadding = 4;
    public const double DefaultRotationDegrees = 15;
    public const double DefaultTranslation = 0.1;

    public static readonly Augmentation None = new(0, false, 0, 0);

    /// <summary>The part names of the compact form, in the order they are applied.</summary>
    public static readonly string[] Parts = ["crop", "flip", "rotate", "translate"];

    public bool IsNone => this == None;

    /// <summary>Reads the compact form; on failure <paramref name="error"/> says which part is wrong and why.</summary>
    public static bool TryParse(string? text, out Augmentation result, out string error)
    {
        result = None;
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed == "none")
        {
            return true;
        }

        var seen = new HashSet<string>();
        foreach (var raw in trimmed.Split('+', StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':');
            var name = colon < 0 ? raw : raw[..colon].Trim();
            var argument = colon < 0 ? null : raw[(colon + 1)..].Trim();
            if (!Parts.Contains(name))
            {
                error = $"unknown part '{raw}' (expected none, or {string.Join(", ", Parts)} joined by '+', e.g. crop+flip)";
                return false;
            }

            if (!seen.Add(name))
            {
                error = $"'{name}' appears more than once";
                return false;
            }

            switch (name)
            {
                case "crop":
                    if (!TryNumber(argument, DefaultCropPadding, 1, 64, out var padding, out error, whole: true))
                    {
                        error = $"crop padding {error}";
                        return false;
                    }

                    result = result with { CropPadding = (int)padding };
                    break;
                case "flip":
                    if (argument is not null)
                    {
                        error = "flip takes no value";
                        return false;
                    }

                    result = result with { HorizontalFlip = true };
                    break;
                case "rotate":
                    if (!TryNumber(argument, DefaultRotationDegrees, 0.001, 180, out var degrees, out error))
                    {
                        error = $"rotate degrees {error}";
                        return false;
                    }

                    result = result with { RotationDegrees = degrees };
                    break;
                default:
                    if (!TryNumber(argument, DefaultTranslation, 0.001, 0.5, out var fraction, out error))
                    {
                        error = $"translate fraction {error}";
                        return false;
                    }

                    result = result with { Translation = fraction };
                    break;
            }
        }

        return true;
    }

    /// <summary>Reads the compact form of a valid spec (the validator has refused every other).</summary>
    public static Augmentation Parse(string? text) =>
        TryParse(text, out var result, out var error) ? result : throw new SpecException("data.augment", error);

    private static bool TryNumber(string? argument, double fallback, double min, double max, out double value, out string error, bool whole = false)
    {
        error = "";
        value = fallback;
        if (argument is null)
        {
            return true;
        }

        if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || (whole && value != Math.Floor(value)))
        {
            error = $"'{argument}' is not {(whole ? "a whole number" : "a number")}";
            return false;
        }

        if (double.IsNaN(value) || value < min || value > max)
        {
            error = $"{argument} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]";
            return false;
        }

        return true;
    }
}
