using ChatRoom.Samples.Lambda.Tests.Gateway;
using ChatRoom.Samples.Tests.Hosting;
using ChatRoom.Samples.Tests.Load;
using Xunit.Abstractions;

namespace ChatRoom.Client.Tests.EndToEnd;

/// <summary>CLI receivers and ten concurrent CLI senders, as real processes, through both hosts.</summary>
[Trait("Category", "Integration")]
public sealed class CliEndToEndTests(ITestOutputHelper output)
{
    /// <summary>Fails the test with what was missing instead of hanging; never a speed check.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Cli_TenSendersThroughTheAspNetCoreSample_EveryReceiverPrintsEveryMessageOnceInSeqOrder()
    {
        await using var host = await SampleHost.StartAsync(LoadScenario.EngineSettings);
        using var deadline = new CancellationTokenSource(Deadline);

        await CliEndToEnd.RunAsync(Endpoint(host), receivers: 3, senders: 10, messagesPerSender: 10, output.WriteLine, deadline.Token);
    }

    [Fact]
    public async Task Cli_TenSendersThroughTheGatewayWithFourEnvironmentsAndFailingPosts_EveryReceiverPrintsEveryMessageOnceInSeqOrder()
    {
        // The gateway starts its own dynalite; a fifth of the @connections POST attempts fail.
        await using var host = await GatewayHost.StartAsync(
        [
            .. LoadScenario.EngineSettings,
            "--LocalGateway:MaxConcurrency=4",
            "--LocalGateway:Faults:PostFailureRate=0.2",
        ]);
        using var deadline = new CancellationTokenSource(Deadline);

        await CliEndToEnd.RunAsync(Endpoint(host), receivers: 3, senders: 10, messagesPerSender: 10, output.WriteLine, deadline.Token);
    }

    private static Uri Endpoint(IChatHost host) => new(host.ChatUri("x").GetLeftPart(UriPartial.Path));
}
