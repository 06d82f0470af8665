using ChatRoom.Samples.Tests.Load;
using Xunit.Abstractions;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The load scenario against the local gateway: the Lambda sample on DynamoDB (dynalite), frames out through signed <c>@connections</c> calls.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayLoadTests(ITestOutputHelper output)
{
    /// <summary>Fails the test (instead of hanging CI) when the run takes far longer than it does on a slow machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task SendMessage_200ClientsIn5Rooms_EveryMemberGetsEveryMessageOnceInSeqOrder()
    {
        // The gateway starts its own dynalite, so the table is new.
        await using var gateway = await GatewayHost.StartAsync(LoadScenario.EngineSettings);
        using var deadline = new CancellationTokenSource(Deadline);

        await LoadScenario.RunAsync(gateway, rooms: 5, membersPerRoom: 40, messagesPerClient: 50, output.WriteLine, deadline.Token);
    }
}
