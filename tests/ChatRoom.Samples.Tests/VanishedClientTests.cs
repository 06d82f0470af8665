using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.Tests;

/// <summary>A client that vanishes without a close frame is found by the keep-alive pings, removed, and announced as left.</summary>
[Trait("Category", "Integration")]
public sealed class VanishedClientTests
{
    [Fact]
    public async Task KeepAlive_ClientNeverAnswersPings_IsRemovedAndAnnouncedAsLeft()
    {
        // Short keep-alive for the test; the defaults are 30 s and 30 s.
        await using var host = await SampleHost.StartAsync(["--ChatRoom:KeepAliveInterval=00:00:01", "--ChatRoom:KeepAliveTimeout=00:00:02"]);
        var ghostName = Unique.Name("ghost");
        await using var alice = await ChatSocket.ConnectAsync(host, "alice"); // in "general", like every connection

        // Alice reads from now on, so she keeps answering the server's pings herself.
        var joinedThenLeft = Task.Run(async () =>
        {
            var joined = await alice.ReceiveAsync("presence", p => p.MemberName() == ghostName && p.StringOf("event") == "joined");
            var left = await alice.ReceiveAsync("presence", p => p.MemberName() == ghostName && p.StringOf("event") == "left");
            return (joined, left);
        });
        using var ghost = await SilentClient.ConnectAsync(host, ghostName);

        var (joined, left) = await joinedThenLeft;

        Assert.Equal("general", joined.StringOf("room"));
        Assert.Equal("general", left.StringOf("room"));
        await alice.SendAsync(new { action = "members", room = "general" });
        var members = await alice.ReceiveAsync("members");
        Assert.DoesNotContain(ghostName, members.Array("members").Select(m => m.StringOf("name")));
    }

    [Theory]
    [InlineData("KeepAliveInterval", "soon")]
    [InlineData("KeepAliveTimeout", "00:00:00")]
    public async Task Build_BadKeepAliveSetting_FailsWithTheSettingName(string setting, string value)
    {
        // A value that is no time span fails binding; a time span out of range fails validation.
        var error = await Record.ExceptionAsync(() => SampleHost.StartAsync([$"--ChatRoom:{setting}={value}"]));

        Assert.True(error is InvalidOperationException or OptionsValidationException, error?.ToString());
        Assert.Contains("ChatRoom:" + setting, error!.Message, StringComparison.Ordinal);
    }
}
