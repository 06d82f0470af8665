using ChatRoom.Samples.LocalGateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>The gateway's <c>@connections</c> POST faults: the configured latency, the configured failure rate, reproducible with a seed.</summary>
public sealed class PostFaultsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<PostFaults> _logger = new();

    [Fact]
    public async Task FailPostAsync_Defaults_NeitherDelaysNorFails()
    {
        var faults = NewFaults(_ => { });

        var failing = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => faults.FailPostAsync("c1", CancellationToken.None)));

        Assert.DoesNotContain(true, failing);
        Assert.Equal(0, faults.Injected);
    }

    [Fact]
    public async Task FailPostAsync_PostLatency_AnswersOnlyAfterItPassed()
    {
        var faults = NewFaults(f => f.PostLatency = TimeSpan.FromMilliseconds(250));

        var answer = faults.FailPostAsync("c1", CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(answer.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await answer);
    }

    [Fact]
    public async Task FailPostAsync_PostLatencyJitter_DelaysByUpToTheJitterMore()
    {
        var faults = NewFaults(f =>
        {
            f.PostLatency = TimeSpan.FromMilliseconds(100);
            f.PostLatencyJitter = TimeSpan.FromMilliseconds(50);
        });

        var answers = Enumerable.Range(0, 20).Select(_ => faults.FailPostAsync("c1", CancellationToken.None)).ToList();
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.All(answers, a => Assert.False(a.IsCompleted));
        _time.Advance(TimeSpan.FromMilliseconds(51));

        Assert.DoesNotContain(true, await Task.WhenAll(answers));
    }

    [Fact]
    public async Task FailPostAsync_RateOne_FailsEveryAttemptAndLogsEach()
    {
        var faults = NewFaults(f => f.PostFailureRate = 1);

        var failing = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => faults.FailPostAsync("c1", CancellationToken.None)));

        Assert.All(failing, Assert.True);
        Assert.Equal(100, faults.Injected);
        Assert.Equal(100, _logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Debug && r.GetStructuredStateValue("ConnectionId") == "c1"));
    }

    [Fact]
    public async Task FailPostAsync_RateAndSeed_FailsAboutThatFractionTheSameWayEveryRun()
    {
        var first = await DrawAsync(NewFaults(f => (f.PostFailureRate, f.Seed) = (0.2, 42)));
        var second = await DrawAsync(NewFaults(f => (f.PostFailureRate, f.Seed) = (0.2, 42)));

        Assert.Equal(first, second);
        Assert.InRange(first.Count(failed => failed), 150, 250); // of 1000; fixed by the seed, so never flaky
    }

    [Theory]
    [InlineData("--LocalGateway:Faults:PostFailureRate=1.5", "LocalGateway:Faults:PostFailureRate")]
    [InlineData("--LocalGateway:Faults:PostFailureRate=-0.1", "LocalGateway:Faults:PostFailureRate")]
    [InlineData("--LocalGateway:Faults:PostLatency=-00:00:01", "LocalGateway:Faults:PostLatency")]
    [InlineData("--LocalGateway:MaxConcurrency=0", "LocalGateway:MaxConcurrency")]
    public void Build_OutOfRange_FailsNamingTheSetting(string setting, string name)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApp.Build(["--urls", "http://127.0.0.1:0", setting]));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_FaultSettings_AreBoundFromConfiguration()
    {
        await using var app = GatewayApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--LocalGateway:MaxConcurrency=4",
            "--LocalGateway:Faults:PostFailureRate=0.25",
            "--LocalGateway:Faults:PostLatency=00:00:00.020",
            "--LocalGateway:Faults:PostLatencyJitter=00:00:00.005",
            "--LocalGateway:Faults:Seed=7",
        ]);

        var options = app.Services.GetRequiredService<IOptions<LocalGatewayOptions>>().Value;
        Assert.Equal(4, options.MaxConcurrency);
        Assert.Equal((0.25, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(5), 7), (options.Faults.PostFailureRate, options.Faults.PostLatency, options.Faults.PostLatencyJitter, options.Faults.Seed));
        Assert.Equal(0.25, app.Services.GetRequiredService<PostFaults>().PostFailureRate);
    }

    [Fact]
    public void Defaults_TenEnvironmentsAndNoFaults()
    {
        var options = new LocalGatewayOptions();

        Assert.Equal(10, options.MaxConcurrency);
        Assert.Equal((0.0, TimeSpan.Zero, TimeSpan.Zero, (int?)null), (options.Faults.PostFailureRate, options.Faults.PostLatency, options.Faults.PostLatencyJitter, options.Faults.Seed));
    }

    private static async Task<bool[]> DrawAsync(PostFaults faults)
    {
        var draws = new bool[1000];
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = await faults.FailPostAsync("c1", CancellationToken.None);
        }

        return draws;
    }

    private PostFaults NewFaults(Action<LocalGatewayFaultOptions> configure)
    {
        var options = new LocalGatewayOptions();
        configure(options.Faults);
        return new PostFaults(Options.Create(options), _time, _logger);
    }
}
