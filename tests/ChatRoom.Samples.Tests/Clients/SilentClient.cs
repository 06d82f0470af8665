using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Clients;

/// <summary>
/// A client that completes the WebSocket handshake by hand over a raw TCP socket and then goes silent: it never reads,
/// so it never answers a ping, and never sends a close frame. The TCP connection stays open, as it does when a laptop
/// sleeps or a network path dies without a reset.
/// </summary>
public sealed class SilentClient : IDisposable
{
    private readonly TcpClient _tcp;

    private SilentClient(TcpClient tcp) => _tcp = tcp;

    /// <summary>Connects as <paramref name="name"/> and returns once the server answered 101 Switching Protocols.</summary>
    public static async Task<SilentClient> ConnectAsync(IChatHost host, string name)
    {
        var uri = host.ChatUri(name);
        var tcp = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
            await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
            var stream = tcp.GetStream();
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request =
                $"GET {uri.PathAndQuery} HTTP/1.1\r\n" +
                $"Host: {uri.Authority}\r\n" +
                "Upgrade: websocket\r\n" +
                "Connection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {key}\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

            // Read exactly the response head, byte by byte, so that no WebSocket frame after it is consumed.
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, timeout.Token) == 0)
                {
                    throw new InvalidOperationException($"The server closed the connection during the handshake: {head}");
                }

                head.Append((char)one[0]);
            }

#pragma warning disable CA5350 // RFC 6455 defines Sec-WebSocket-Accept with SHA-1; it is a handshake check, not security.
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
            var response = head.ToString();
            if (!response.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) || !response.Contains(accept, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The server refused the upgrade: {response}");
            }

            return new SilentClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public void Dispose() => _tcp.Dispose();
}
