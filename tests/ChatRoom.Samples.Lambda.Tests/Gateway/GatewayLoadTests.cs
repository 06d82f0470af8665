using Xunit.Abstractions;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The load scenario against the local gateway as AWS runs the function: up to eight execution environments at once and one
/// <c>@connections</c> POST attempt in five failing, received through <c>ChatRoom.Client</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayLoadTests(ITestOutputHelper output)
{
    /// <summary>Fails the test with what was missing instead of hanging CI; never a speed check.</summary>
    /// <remarks>scripts/test.sh's hang timeout (22 minutes) lies beyond it. See docs/load-tests.md.</remarks>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task SendMessage_200ClientsIn5RoomsWithEightEnvironmentsAndLostPosts_EveryMemberDeliversEveryMessageOnceInSeqOrder()
    {
        // The gateway starts its own dynalite, so the table is new.
        await using var gateway = await GatewayHost.StartAsync(
        [
            "--ChatRoom:DefaultRoom=",
            "--ChatRoom:RateLimitPerSecond=1000",
            "--ChatRoom:RateLimitBurst=1000",
            "--LocalGateway:MaxConcurrency=8",
            "--LocalGateway:Faults:PostFailureRate=0.2",
        ]);
        using var deadline = new CancellationTokenSource(Deadline);

        await ClientLoadScenario.RunAsync(gateway, rooms: 5, membersPerRoom: 40, messagesPerClient: 10, output.WriteLine, deadline.Token);
    }
}
