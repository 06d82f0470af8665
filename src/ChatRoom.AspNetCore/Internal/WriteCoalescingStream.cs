using System.Buffers;
using System.Buffers.Binary;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// The upgraded connection's stream, into which the session's writer loop writes batches of text frames: each batch
/// goes to the connection with one write, and so one flush and one send, instead of one per frame.
/// </summary>
/// <remarks>
/// The WebSocket over this stream still writes its own frames (pongs, keep-alive pings, the close frame) and reads
/// as usual. A batch holds <see cref="_gate"/> from <see cref="OpenBatchAsync"/> to <see cref="SendBatchAsync"/>, so
/// that the socket's own writes wait for it and frames never interleave. The frames are encoded here, as RFC 6455 §5.2
/// lays out a server's frame: final, unmasked, uncompressed (the chat endpoint never negotiates compression).
/// </remarks>
internal sealed class WriteCoalescingStream(Stream inner) : Stream
{
    private const int InitialBatchBytes = 4 * 1024;
    private const byte FinalTextFrame = 0x81;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _batch;
    private int _batched;

    /// <summary>Gets how many bytes the open batch holds.</summary>
    public int BatchedBytes => _batched;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Opens a batch, once the socket's own write in progress (if any) is done.</summary>
    public Task OpenBatchAsync() => _gate.WaitAsync();

    /// <summary>Adds a final text frame carrying <paramref name="utf8Payload"/> to the open batch.</summary>
    public void AppendTextFrame(ReadOnlySpan<byte> utf8Payload)
    {
        Span<byte> header = stackalloc byte[10];
        int headerLength;
        header[0] = FinalTextFrame;
        if (utf8Payload.Length < 126)
        {
            header[1] = (byte)utf8Payload.Length;
            headerLength = 2;
        }
        else if (utf8Payload.Length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)utf8Payload.Length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)utf8Payload.Length);
            headerLength = 10;
        }

        var destination = Reserve(headerLength + utf8Payload.Length);
        header[..headerLength].CopyTo(destination);
        utf8Payload.CopyTo(destination[headerLength..]);
    }

    /// <summary>Writes the open batch to the connection with one write and closes the batch.</summary>
    public async Task SendBatchAsync()
    {
        var batch = _batch;
        var length = _batched;
        _batch = null;
        _batched = 0;
        try
        {
            if (length > 0)
            {
                await inner.WriteAsync(batch.AsMemory(0, length)).ConfigureAwait(false);
            }
        }
        finally
        {
            if (batch is not null)
            {
                ArrayPool<byte>.Shared.Return(batch);
            }

            _gate.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // Not under the gate: aborting the socket disposes the stream to end a write that holds the gate. A batch still
        // open then goes to the garbage collector rather than back to the pool.
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private Span<byte> Reserve(int bytes)
    {
        var needed = _batched + bytes;
        if (_batch is null || _batch.Length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialBatchBytes, (_batch?.Length ?? 0) * 2)));
            if (_batch is not null)
            {
                _batch.AsSpan(0, _batched).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_batch);
            }

            _batch = larger;
        }

        var reserved = _batch.AsSpan(_batched, bytes);
        _batched = needed;
        return reserved;
    }
}
