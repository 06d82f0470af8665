using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Tests;

/// <summary>
/// Connection floods: WebSocket upgrades on <c>/ws</c> per window and sockets open at once are limited per client
/// address; nothing else is.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConnectionLimitTests
{
    /// <summary>Three upgrades per hour: the window never rolls over during a test, so nothing depends on timing.</summary>
    private static readonly string[] ThreePerHour = ["--ChatRoom:ConnectionLimit:PermitsPerWindow=3", "--ChatRoom:ConnectionLimit:Window=01:00:00"];

    /// <summary>Three open sockets per address; the window keeps its default (120 a minute).</summary>
    private static readonly string[] ThreeOpen = ["--ChatRoom:ConnectionLimit:MaxConcurrentPerAddress=3"];

    /// <summary>Either limit, set to three.</summary>
    public static TheoryData<string[]> ThreeOfEither => new() { ThreePerHour, ThreeOpen };

    /// <summary>Paths that are not limited, under either limit.</summary>
    public static TheoryData<string, string[]> PathsUnderEither
    {
        get
        {
            var data = new TheoryData<string, string[]>();
            foreach (var path in new[] { "/", "/app.js", "/healthz" })
            {
                data.Add(path, ThreePerHour);
                data.Add(path, ThreeOpen);
            }

            return data;
        }
    }

    [Fact]
    public async Task Upgrade_BeyondThePermitsFromOneAddress_429WithRetryAfterAndOpenSocketsUnaffected()
    {
        await using var host = await SampleHost.StartAsync(ThreePerHour);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));
        await using var bob = await ChatSocket.ConnectAsync(host, Unique.Name("bob"));
        await using var carol = await ChatSocket.ConnectAsync(host, Unique.Name("carol"));

        var (status, retryAfter, body) = await RefusedUpgradeAsync(host, "mallory");
        var (again, _, _) = await RefusedUpgradeAsync(host, "mallory");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("3600", retryAfter);
        Assert.Equal("Too many connections from this address; retry after 3600 seconds.", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);

        // The sockets opened before the limit still chat.
        await alice.SendAsync(new { action = "sendmessage", room = "general", text = "still here", clientMessageId = "after-flood" });
        foreach (var client in new[] { alice, bob, carol })
        {
            var message = await client.ReceiveAsync("message", m => m.StringOf("clientMessageId") == "after-flood");
            Assert.Equal("still here", message.Text());
        }
    }

    [Theory]
    [MemberData(nameof(ThreeOfEither))]
    public async Task Upgrade_FromAnotherAddressAfterTheLimit_Connects(string[] limit)
    {
        await using var host = await SampleHost.StartAsync(limit);
        var sockets = await OpenAsync(host, 3);

        var (refused, _, _) = await RefusedUpgradeAsync(host, "local");
        using var invoker = SourceAddress.Invoker(IPAddress.Parse("127.0.0.2"));
        using var other = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        await other.ConnectAsync(host.ChatUri(Unique.Name("remote")), invoker, timeout.Token);
        await other.SendAsync(Encoding.UTF8.GetBytes("""{"action":"ping"}"""), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[1024];
        var received = await other.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal("""{"type":"pong"}""", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await CloseAllAsync(sockets);
    }

    [Theory]
    [MemberData(nameof(PathsUnderEither))]
    public async Task Get_AfterTheLimit_StillServed(string path, string[] limit)
    {
        await using var host = await SampleHost.StartAsync(limit);
        var sockets = await OpenAsync(host, 3);

        var (refused, _, _) = await RefusedUpgradeAsync(host, "local");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await CloseAllAsync(sockets);
    }

    [Fact]
    public async Task Upgrade_BeyondTheOpenSocketsOfOneAddress_429WithRetryAfterAndOpenSocketsStillChat()
    {
        await using var host = await SampleHost.StartAsync(ThreeOpen);
        var sockets = await OpenAsync(host, 3);

        var (status, retryAfter, body) = await RefusedUpgradeAsync(host, "mallory");
        var (again, _, _) = await RefusedUpgradeAsync(host, "mallory");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("60", retryAfter); // the window: nobody knows when an open socket will close
        Assert.Equal("Too many open connections from this address (at most 3); close one or retry after 60 seconds.", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
        await sockets[0].SendAsync(new { action = "sendmessage", room = "general", text = "still here", clientMessageId = "at-the-limit" });
        foreach (var socket in sockets)
        {
            var message = await socket.ReceiveAsync("message", m => m.StringOf("clientMessageId") == "at-the-limit");
            Assert.Equal("still here", message.Text());
        }

        await CloseAllAsync(sockets);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upgrade_AfterAnOpenSocketEnded_Accepted(bool abort)
    {
        await using var host = await SampleHost.StartAsync(ThreeOpen);
        var sockets = await OpenAsync(host, 3);
        var (refused, _, _) = await RefusedUpgradeAsync(host, "local");

        var leaving = sockets[2];
        if (abort)
        {
            leaving.Abort();
        }
        else
        {
            await leaving.CloseAsync();
        }

        await sockets[0].ReceiveAsync("presence", p => p.StringOf("event") == "left" && p.MemberName() == leaving.Name);
        await using var replacement = await ConnectOnceAcceptedAsync(host, "replacement");
        var (full, _, _) = await RefusedUpgradeAsync(host, "local");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(WebSocketState.Open, replacement.State);
        Assert.Equal(HttpStatusCode.TooManyRequests, full);
        await leaving.DisposeAsync();
        await CloseAllAsync(sockets.Take(2));
    }

    [Fact]
    public async Task Upgrade_RefusedByTheOriginCheck_HoldsNoOpenSocketPermit()
    {
        await using var host = await SampleHost.StartAsync(ThreeOpen);
        for (var i = 0; i < 3; i++)
        {
            var (forbidden, _, _) = await RefusedUpgradeAsync(host, "evil", origin: "http://evil.example");
            Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        }

        var sockets = new List<ChatSocket>();
        for (var i = 0; i < 3; i++)
        {
            sockets.Add(await ConnectOnceAcceptedAsync(host, "local"));
        }

        var (refused, _, _) = await RefusedUpgradeAsync(host, "local");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        await CloseAllAsync(sockets);
    }

    [Fact]
    public async Task Get_PlainRequestsToWs_NotCounted()
    {
        await using var host = await SampleHost.StartAsync(ThreePerHour);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync("/ws");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // All three upgrades are still available.
        for (var i = 0; i < 3; i++)
        {
            await using var socket = await ChatSocket.ConnectAsync(host, Unique.Name("local"));
        }
    }

    [Theory]
    [InlineData("--ChatRoom:ConnectionLimit:PermitsPerWindow=0", "PermitsPerWindow")]
    [InlineData("--ChatRoom:ConnectionLimit:Window=00:00:00", "Window")]
    [InlineData("--ChatRoom:ConnectionLimit:MaxConcurrentPerAddress=0", "MaxConcurrentPerAddress")]
    public async Task Start_InvalidConnectionLimit_FailsNamingTheSetting(string setting, string name)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SampleHost.StartAsync([setting]));

        Assert.Contains($"ChatRoom:ConnectionLimit:{name}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Opens <paramref name="count"/> chat sockets from 127.0.0.1, each ready to chat.</summary>
    private static async Task<List<ChatSocket>> OpenAsync(SampleHost host, int count)
    {
        var sockets = new List<ChatSocket>();
        for (var i = 0; i < count; i++)
        {
            sockets.Add(await ChatSocket.ConnectAsync(host, Unique.Name("local")));
        }

        return sockets;
    }

    private static async Task CloseAllAsync(IEnumerable<ChatSocket> sockets)
    {
        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    /// <summary>
    /// Connects, retrying while the upgrade gets 429: a socket's permit comes back when the server's endpoint returns,
    /// a moment after the client saw the socket end, and nothing the client can await marks that moment. A refusal
    /// for open sockets costs no upgrade permit, so the retries change nothing else; a permit that never comes back
    /// fails the test after <see cref="ChatSocket.Timeout"/>.
    /// </summary>
    private static async Task<ChatSocket> ConnectOnceAcceptedAsync(SampleHost host, string name)
    {
        using var deadline = new CancellationTokenSource(ChatSocket.Timeout);
        while (true)
        {
            try
            {
                return await ChatSocket.ConnectAsync(host, Unique.Name(name));
            }
            catch (WebSocketException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
    }

    /// <summary>Attempts an upgrade that the host is expected to refuse; returns the HTTP status, Retry-After and body.</summary>
    private static async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> RefusedUpgradeAsync(SampleHost host, string name, string? origin = null)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = ChatSocket.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/ws?name={Uri.EscapeDataString(Unique.Name(name))}");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        // Headers first: an upgrade that is accepted after all (101) has no body to wait for.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;
        var body = response.StatusCode == HttpStatusCode.SwitchingProtocols ? string.Empty : await response.Content.ReadAsStringAsync();

        return (response.StatusCode, retryAfter, body);
    }
}
