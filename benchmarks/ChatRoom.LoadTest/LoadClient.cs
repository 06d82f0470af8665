using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatRoom.LoadTest;

/// <summary>One client connection to a server under test.</summary>
internal abstract class LoadClient : IAsyncDisposable
{
    private static readonly HttpMessageInvoker[] s_invokers = CreateInvokers(receiveBuffer: null);
    private static readonly HttpMessageInvoker[] s_stalledInvokers = CreateInvokers(receiveBuffer: 4096);

    public abstract Task SendAsync(string text, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Connects a client; <paramref name="index"/> picks the loopback source address (127.0.0.2-9) so ports do not run short.</summary>
    public static async Task<LoadClient> ConnectAsync(ServerKind kind, int port, int index, bool inRoom, Recorder recorder, CancellationToken cancellationToken)
    {
        var invoker = s_invokers[index % s_invokers.Length];
        switch (kind)
        {
            case ServerKind.SignalR:
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri($"http://127.0.0.1:{port}/hub{(inRoom ? "?room=1" : string.Empty)}"), options =>
                    {
                        options.SkipNegotiation = true;
                        options.Transports = HttpTransportType.WebSockets;
                        options.WebSocketFactory = async (context, ct) =>
                        {
                            var socket = new ClientWebSocket();
                            await socket.ConnectAsync(context.Uri, invoker, ct);
                            return socket;
                        };
                    })
                    .Build();
                hub.On<string>("message", recorder.OnText);
                await hub.StartAsync(cancellationToken);
                return new SignalRClient(hub);
            default:
                var ws = new ClientWebSocket();
                var path = kind == ServerKind.ChatRoom ? $"/ws?name=c{index}" : "/ws";
                await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}"), invoker, cancellationToken);
                return new WebSocketClient(kind, ws, recorder);
        }
    }

    /// <summary>Connects a client that joins the room and then never reads, with a 4 KB socket receive buffer.</summary>
    public static async Task<ClientWebSocket> ConnectStalledAsync(ServerKind kind, int port, CancellationToken cancellationToken)
    {
        var ws = new ClientWebSocket();
        var path = kind switch
        {
            ServerKind.ChatRoom => "/ws?name=stalled",
            ServerKind.SignalR => "/hub?room=1",
            _ => "/ws",
        };
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}"), s_stalledInvokers[0], cancellationToken);
        if (kind == ServerKind.SignalR)
        {
            // The SignalR handshake by hand; after it the client never reads.
            await ws.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, cancellationToken);
        }

        return ws;
    }

    private static HttpMessageInvoker[] CreateInvokers(int? receiveBuffer) =>
        [.. Enumerable.Range(2, 8).Select(last => new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBuffer is int size)
                {
                    socket.ReceiveBufferSize = size;
                }

                try
                {
                    socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)last]), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }))];

    private sealed class SignalRClient(HubConnection hub) : LoadClient
    {
        public override Task SendAsync(string text, CancellationToken cancellationToken) => hub.SendAsync("Send", text, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await hub.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await hub.DisposeAsync();
        }
    }

    private sealed class WebSocketClient : LoadClient
    {
        private readonly ServerKind _kind;
        private readonly ClientWebSocket _socket;
        private readonly Recorder _recorder;
        private readonly Task _reader;

        public WebSocketClient(ServerKind kind, ClientWebSocket socket, Recorder recorder)
        {
            _kind = kind;
            _socket = socket;
            _recorder = recorder;
            _reader = Task.Run(ReadLoopAsync);
        }

        public override Task SendAsync(string text, CancellationToken cancellationToken)
        {
            // The same ChatRoom frame goes to the bare server, which copies it as is.
            var frame = Encoding.UTF8.GetBytes($"{{\"action\":\"sendmessage\",\"text\":\"{text}\"}}");
            return _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            _socket.Abort();
            try
            {
                await _reader;
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }

            _socket.Dispose();
        }

        private async Task ReadLoopAsync()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var received = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        if (received == buffer.Length)
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }

                        result = await _socket.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            return;
                        }

                        received += result.Count;
                    }
                    while (!result.EndOfMessage);

                    var frame = buffer.AsSpan(0, received);
                    if (_kind == ServerKind.ChatRoom && !frame.StartsWith("{\"type\":\"message\""u8))
                    {
                        _recorder.Activity();
                        continue;
                    }

                    _recorder.OnFrame(frame);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
