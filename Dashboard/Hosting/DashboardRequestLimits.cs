using System.Globalization;
using Ablation.Dashboard.Services.Studies;

namespace Ablation.Dashboard.Hosting;

/// <summary>
/// The most one request may send (docs/security.md, docs/api.md): every body the dashboard
/// accepts, API calls and form posts alike, is at most <see cref="MaxBodyBytes"/>. A larger
/// declared body is refused before a byte of it is read; a body without a declared length
/// (chunked) is cut off where it passes the limit. Either way the answer is <c>413</c> with one
/// JSON line, never Kestrel's own 30 MB limit surfacing as a 500 page.
/// </summary>
public static class DashboardRequestLimits
{
    /// <summary>Bytes of one request body: the largest thing posted is a study spec (<see cref="StudyLimits.MaxSpecBytes"/>).</summary>
    public const long MaxBodyBytes = StudyLimits.MaxSpecBytes;

    /// <summary>Early in the pipeline, before access checks: a body beyond the limit is refused without reading it.</summary>
    public static WebApplication UseDashboardRequestLimits(this WebApplication app)
    {
        app.Use(LimitAsync);
        return app;
    }

    private static async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, request.ContentLength);
            return;
        }

        if (request.ContentLength is null && CanHaveBody(context))
        {
            request.Body = new BoundedBodyStream(request.Body, MaxBodyBytes);
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (IsTooLarge(e) && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await RefuseAsync(context, null);
        }
    }

    private static bool CanHaveBody(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));

    // Ours, from the bounded stream, or Kestrel's own (its limit stays above ours, but it is the same answer).
    private static bool IsTooLarge(Exception e) =>
        e is RequestBodyTooLargeException || (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        || (e.InnerException is { } inner && IsTooLarge(inner));

    private static Task RefuseAsync(HttpContext context, long? declared)
    {
        var most = MaxBodyBytes.ToString("N0", CultureInfo.InvariantCulture);
        var message = declared is { } size
            ? $"the request body is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; the dashboard accepts at most {most} bytes in one request (docs/api.md)"
            : $"the request body is larger than {most} bytes, the most the dashboard accepts in one request (docs/api.md)";
        // A declared body past the limit is never read: close the connection rather than have the
        // server drain it. A chunked one was read up to the limit; the server drains or ends the rest.
        if (declared is not null && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            context.Response.Headers.Connection = "close";
        }

        return Results.Json(new { error = message }, DashboardApi.JsonOptions, statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
    }
}

/// <summary>Thrown by <see cref="BoundedBodyStream"/> when a body passes its limit; not an IOException, so no reader mistakes it for a dropped connection.</summary>
public sealed class RequestBodyTooLargeException(long limit) : Exception($"the request body is larger than {limit} bytes");

/// <summary>A request body that refuses to be read past a limit.</summary>
internal sealed class BoundedBodyStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new RequestBodyTooLargeException(limit) : read;
    }
}
