using System.Diagnostics;
using System.Net.WebSockets;

namespace ChatRoom.LoadTest;

/// <summary>What happened to the stalled client: read only after its run, to see whether the server cut it off and how.</summary>
/// <param name="Bytes">Bytes the client could still read: what the kernel and the server's transport had buffered for it.</param>
/// <param name="CloseStatus">The close status the server sent (ChatRoom: 1008 for a slow consumer), or null if there was none.</param>
/// <param name="Aborted">Whether the connection was reset without a close frame (the bare server drops a slow client that way).</param>
internal sealed record StalledOutcome(long Bytes, WebSocketCloseStatus? CloseStatus, bool Aborted)
{
    /// <summary>Whether the server dropped the client during the run, with a close frame or by aborting the connection.</summary>
    public bool CutOff => CloseStatus is not null || Aborted;

    /// <summary>Reads what is buffered for <paramref name="socket"/> until the server's close, a reset, or 5 s without data.</summary>
    public static async Task<StalledOutcome> ReadAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        try
        {
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(TimeSpan.FromSeconds(5));
                var result = await socket.ReceiveAsync(buffer.AsMemory(), quiet.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new StalledOutcome(bytes, socket.CloseStatus, Aborted: false);
                }

                bytes += result.Count;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing more came: the server kept the client.
            return new StalledOutcome(bytes, null, Aborted: false);
        }
        catch (WebSocketException)
        {
            return new StalledOutcome(bytes, null, Aborted: true);
        }
    }

    public override string ToString()
    {
        var how = (CloseStatus, Aborted) switch
        {
            ({ } status, _) => $"closed by the server with {(int)status} ({status})",
            (null, true) => "aborted by the server (no close frame)",
            _ => "still open: not cut off",
        };
        return $"{Bytes / 1024.0:N0} KB left to read, then {how}";
    }
}
