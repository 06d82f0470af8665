using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace ChatRoom.Core.Tests;

/// <summary>The <c>chatroom</c> health check that <c>AddChatRoomHealthChecks()</c> adds: the worst of the adapters' probes.</summary>
public sealed class ChatRoomHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_InMemoryStores_IsHealthy()
    {
        var report = await CheckAsync();

        var entry = report.Entries[ChatRoomHealthChecksBuilderExtensions.CheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Contains("in-memory", entry.Description, StringComparison.Ordinal);
        Assert.Contains("chatroom", entry.Tags);
    }

    [Fact]
    public async Task CheckHealthAsync_OneProbeFails_IsUnhealthyAndNamesEachProbe()
    {
        var report = await CheckAsync(
            Probe("table", HealthCheckResult.Unhealthy("Table 'ChatRoom' does not exist.")),
            Probe("cache", HealthCheckResult.Healthy("Reachable.")));

        var entry = report.Entries[ChatRoomHealthChecksBuilderExtensions.CheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("table: Table 'ChatRoom' does not exist.", entry.Description, StringComparison.Ordinal);
        Assert.Contains("cache: Reachable.", entry.Description, StringComparison.Ordinal);
        Assert.Equal("Unhealthy", entry.Data["table"]);
        Assert.Equal("Healthy", entry.Data["cache"]);
    }

    [Fact]
    public async Task CheckHealthAsync_DegradedAndHealthyProbes_IsDegraded()
    {
        var report = await CheckAsync(
            Probe("table", HealthCheckResult.Degraded("Updating.")),
            Probe("cache", HealthCheckResult.Healthy()));

        Assert.Equal(HealthStatus.Degraded, report.Entries[ChatRoomHealthChecksBuilderExtensions.CheckName].Status);
    }

    [Fact]
    public async Task CheckHealthAsync_ProbeThrows_IsUnhealthyWithTheException()
    {
        var broken = Substitute.For<IChatRoomHealthProbe>();
        broken.Name.Returns("broken");
        broken.CheckHealthAsync(default).ThrowsAsyncForAnyArgs(new InvalidOperationException("boom"));

        var report = await CheckAsync(broken);

        var entry = report.Entries[ChatRoomHealthChecksBuilderExtensions.CheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("boom", entry.Description, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    private static IChatRoomHealthProbe Probe(string name, HealthCheckResult result)
    {
        var probe = Substitute.For<IChatRoomHealthProbe>();
        probe.Name.Returns(name);
        probe.CheckHealthAsync(default).ReturnsForAnyArgs(result);
        return probe;
    }

    private static async Task<HealthReport> CheckAsync(params IChatRoomHealthProbe[] probes)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddChatRoom().AddInMemory();
        foreach (var probe in probes)
        {
            builder.Services.AddSingleton(probe);
        }

        services.AddHealthChecks().AddChatRoomHealthChecks();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }
}
