using System.Text;
using Ablation.Dashboard.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ablation.Tests.Dashboard.Hosting;

public sealed class StreamedDownloadTests
{
    [Fact]
    public async Task WriteAsync_WritesOnlyAsynchronously_AndEndsNormally()
    {
        var (http, body, lifetime) = Context();

        await StreamedDownload.WriteAsync(http, "text/csv; charset=utf-8", "s.csv", async (writer, cancel) =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                await writer.WriteAsync($"{i},row\r\n".AsMemory(), cancel);
            }
        });

        Assert.False(lifetime.Aborted);
        Assert.Equal("text/csv; charset=utf-8", http.Response.ContentType);
        Assert.Equal("attachment; filename=\"s.csv\"", http.Response.Headers.ContentDisposition.ToString());
        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.StartsWith("0,row\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("9999,row\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AbortsTheConnection_WhenWritingFailsAfterTheFirstBytes()
    {
        var (http, body, lifetime) = Context();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StreamedDownload.WriteAsync(http, "text/csv", "s.csv", async (writer, cancel) =>
        {
            await writer.WriteAsync(new string('x', 200_000).AsMemory(), cancel);
            await writer.FlushAsync(cancel);
            throw new InvalidOperationException("broken half-way");
        }));

        Assert.Equal("broken half-way", error.Message);
        Assert.True(body.Length > 0, "the first bytes went out");
        Assert.True(lifetime.Aborted, "a download that broke half-way must not end like a complete one");
    }

    [Fact]
    public async Task WriteAsync_LeavesTheConnection_WhenItFailsBeforeTheFirstByte()
    {
        var (http, _, lifetime) = Context();

        await Assert.ThrowsAsync<InvalidOperationException>(() => StreamedDownload.WriteAsync(http, "text/csv", "s.csv",
            (_, _) => throw new InvalidOperationException("nothing written")));

        Assert.False(lifetime.Aborted); // the error page can still answer
        Assert.False(http.Response.HasStarted);
    }

    /// <summary>A request whose response body refuses synchronous writes, as Kestrel's does, and starts with its first byte.</summary>
    private static (HttpContext Http, AsyncOnlyStream Body, Lifetime Lifetime) Context()
    {
        var http = new DefaultHttpContext();
        var body = new AsyncOnlyStream();
        var response = new StartingResponse(body);
        var lifetime = new Lifetime();
        http.Features.Set<IHttpResponseFeature>(response);
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        http.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        return (http, body, lifetime);
    }

    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _written = new();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written.Length;

        public override long Position
        {
            get => _written.Position;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>HasStarted turns true once a byte was written, as on a real connection.</summary>
    private sealed class StartingResponse(AsyncOnlyStream body) : HttpResponseFeature
    {
        public override bool HasStarted => body.Length > 0;
    }

    private sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }
}
