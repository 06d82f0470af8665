using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace ChatRoom.LoadTest.BareServer;

/// <summary>Every socket is in one room; every text received goes to every socket.</summary>
internal sealed class Broadcaster
{
    private const int MaxQueuedBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<Peer, byte> _peers = new();

    public async Task RunAsync(WebSocket socket, CancellationToken stopping)
    {
        var peer = new Peer(socket);
        _peers.TryAdd(peer, 0);
        var writer = peer.WriteLoopAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (received == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, received).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(received), stopping);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    received += result.Count;
                }
                while (!result.EndOfMessage);

                // Serialised once: the same bytes go to every socket.
                var frame = buffer.AsSpan(0, received).ToArray();
                foreach (var other in _peers.Keys)
                {
                    other.Enqueue(frame);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _peers.TryRemove(peer, out _);
            peer.Complete();
            await writer;
        }
    }

    private sealed class Peer(WebSocket socket)
    {
        private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private long _queued;

        public void Enqueue(byte[] frame)
        {
            if (Interlocked.Add(ref _queued, frame.Length) > MaxQueuedBytes)
            {
                // Too far behind: drop it, like ChatRoom closes a slow consumer.
                _queue.Writer.TryComplete();
                socket.Abort();
                return;
            }

            _queue.Writer.TryWrite(frame);
        }

        public void Complete() => _queue.Writer.TryComplete();

        public async Task WriteLoopAsync()
        {
            try
            {
                await foreach (var frame in _queue.Reader.ReadAllAsync())
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    Interlocked.Add(ref _queued, -frame.Length);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
            {
            }
        }
    }
}
