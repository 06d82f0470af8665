using System.IO.Pipelines;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>A connection's output that counts its flushes: each one is a send to the socket.</summary>
internal sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
{
    private int _flushes;

    public int Flushes => Volatile.Read(ref _flushes);

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushes);
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
