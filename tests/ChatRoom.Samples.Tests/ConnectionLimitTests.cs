using System.Net;
using System.Net.WebSockets;
using System.Text;
using ChatRoom.Samples.AspNetCore;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Tests;

/// <summary>Connection floods: WebSocket upgrades on <c>/ws</c> are limited per client address; nothing else is.</summary>
[Trait("Category", "Integration")]
public sealed class ConnectionLimitTests
{
    /// <summary>Three upgrades per hour: the window never rolls over during a test, so nothing depends on timing.</summary>
    private static readonly string[] ThreePerHour = ["--ChatRoom:ConnectionLimit:PermitsPerWindow=3", "--ChatRoom:ConnectionLimit:Window=01:00:00"];

    [Fact]
    public async Task Upgrade_BeyondThePermitsFromOneAddress_429WithRetryAfterAndOpenSocketsUnaffected()
    {
        await using var host = await SampleHost.StartAsync(ThreePerHour);
        await using var alice = await ChatSocket.ConnectAsync(host, Unique.Name("alice"));
        await using var bob = await ChatSocket.ConnectAsync(host, Unique.Name("bob"));
        await using var carol = await ChatSocket.ConnectAsync(host, Unique.Name("carol"));

        var (status, retryAfter) = await RefusedUpgradeAsync(host, "mallory");
        var (again, _) = await RefusedUpgradeAsync(host, "mallory");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("3600", retryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);

        // The sockets opened before the limit still chat.
        await alice.SendAsync(new { action = "sendmessage", room = "general", text = "still here", clientMessageId = "after-flood" });
        foreach (var client in new[] { alice, bob, carol })
        {
            var message = await client.ReceiveAsync("message", m => m.StringOf("clientMessageId") == "after-flood");
            Assert.Equal("still here", message.Text());
        }
    }

    [Fact]
    public async Task Upgrade_FromAnotherAddressAfterTheLimit_Connects()
    {
        await using var host = await SampleHost.StartAsync(ThreePerHour);
        var sockets = new List<ChatSocket>();
        for (var i = 0; i < 3; i++)
        {
            sockets.Add(await ChatSocket.ConnectAsync(host, Unique.Name("local")));
        }

        var (refused, _) = await RefusedUpgradeAsync(host, "local");
        using var invoker = SourceAddress.Invoker(IPAddress.Parse("127.0.0.2"));
        using var other = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        await other.ConnectAsync(host.ChatUri(Unique.Name("remote")), invoker, timeout.Token);
        await other.SendAsync(Encoding.UTF8.GetBytes("""{"action":"ping"}"""), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[1024];
        var received = await other.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal("""{"type":"pong"}""", Encoding.UTF8.GetString(buffer, 0, received.Count));
        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/healthz")]
    public async Task Get_AfterTheUpgradeLimit_StillServed(string path)
    {
        await using var host = await SampleHost.StartAsync(ThreePerHour);
        for (var i = 0; i < 3; i++)
        {
            await using var socket = await ChatSocket.ConnectAsync(host, Unique.Name("local"), waitUntilReady: false);
        }

        var (refused, _) = await RefusedUpgradeAsync(host, "local");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
    public async Task Start_InvalidConnectionLimit_FailsNamingTheSetting(string setting, string name)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SampleHost.StartAsync([setting]));

        Assert.Contains($"ChatRoom:ConnectionLimit:{name}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void PartitionKey_Address_IPv4AsItIsIPv6ByPrefix(string? address, string expected)
    {
        var key = WebSocketUpgradeLimitPolicy.PartitionKey(address is null ? null : IPAddress.Parse(address));

        Assert.Equal(expected, key);
    }

    /// <summary>Attempts an upgrade that the host is expected to refuse; returns the HTTP status and Retry-After.</summary>
    private static async Task<(HttpStatusCode? Status, string? RetryAfter)> RefusedUpgradeAsync(SampleHost host, string name)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(ChatSocket.Timeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(host.ChatUri(Unique.Name(name)), timeout.Token));

        var headers = socket.HttpResponseHeaders;
        var retryAfter = headers is not null && headers.TryGetValue("Retry-After", out var values) ? string.Join(",", values) : null;

        return ((HttpStatusCode)socket.HttpStatusCode, retryAfter);
    }
}
