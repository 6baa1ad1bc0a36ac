using System.Text;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// A download written to the response while it is produced (a large study's points CSV is
/// hundreds of megabytes as one string). The caller loads everything the file needs before the
/// first byte, so what is left to fail is writing; should that still fail part-way, the connection
/// is aborted: the client sees a broken transfer, never a complete-looking 200 with the end missing.
/// </summary>
public static class StreamedDownload
{
    private const int BufferChars = 1 << 16;

    public static async Task<IResult> WriteAsync(HttpContext http, string contentType, string fileName, Func<TextWriter, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(write);
        var response = http.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        try
        {
            // Asynchronous writes only: Kestrel refuses synchronous I/O on a response body.
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars, leaveOpen: true);
            await write(writer, http.RequestAborted);
            await writer.FlushAsync(http.RequestAborted);
        }
        catch
        {
            // Once the status line is out, the only way to say "this file is incomplete" is to end
            // the connection without the final chunk. Before that, the error page answers instead.
            if (response.HasStarted)
            {
                http.Abort();
            }

            throw;
        }

        return Results.Empty;
    }
}
