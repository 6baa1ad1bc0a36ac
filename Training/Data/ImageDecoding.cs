using Ablation.Training.Torch;

namespace Ablation.Training.Data;

/// <summary>
/// The data layer's door to the shim's image codec: native failures (an undecodable or cut-off
/// file) become <see cref="DataException"/>s whose message names the file.
/// </summary>
internal static class ImageDecoding
{
    public static ImageFileInfo Info(string path)
    {
        try
        {
            return ImageCodec.Info(path);
        }
        catch (TorchException e)
        {
            throw new DataException(e.Message, e);
        }
    }

    public static void Decode(string path, int channels, int size, Span<byte> output)
    {
        try
        {
            ImageCodec.Decode(path, channels, size, size, output);
        }
        catch (TorchException e)
        {
            throw new DataException(e.Message, e);
        }
    }
}
