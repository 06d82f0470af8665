using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NSubstitute;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>The DynamoDB adapter's probe, as the <c>chatroom</c> health check reports it: the table exists and is ACTIVE.</summary>
public sealed class DynamoDbHealthProbeTests
{
    [Collection(DynaliteGroup.Name)]
    [Trait("Category", "Integration")]
    public sealed class AgainstDynalite(DynaliteServer dynalite)
    {
        [Fact]
        public async Task CheckHealthAsync_ActiveTable_IsHealthy()
        {
            var table = "health-" + Guid.NewGuid().ToString("N")[..8];
            await using var services = Build(o => { o.TableName = table; o.ServiceUrl = dynalite.ServiceUrl; });
            await services.EnsureChatRoomTableAsync();

            var entry = await CheckAsync(services);

            Assert.Equal(HealthStatus.Healthy, entry.Status);
            Assert.Equal($"dynamodb: DynamoDB table '{table}' is ACTIVE.", entry.Description);
            Assert.Equal("Healthy", entry.Data["dynamodb"]);
        }

        [Fact]
        public async Task CheckHealthAsync_MissingTable_IsUnhealthyNamingTheTable()
        {
            var table = "missing-" + Guid.NewGuid().ToString("N")[..8];
            await using var services = Build(o => { o.TableName = table; o.ServiceUrl = dynalite.ServiceUrl; });

            var entry = await CheckAsync(services);

            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Contains($"DynamoDB table '{table}' does not exist", entry.Description, StringComparison.Ordinal);
            Assert.IsType<ResourceNotFoundException>(entry.Exception);
        }
    }

    [Theory]
    [InlineData("UPDATING", HealthStatus.Degraded)]
    [InlineData("CREATING", HealthStatus.Unhealthy)]
    [InlineData("DELETING", HealthStatus.Unhealthy)]
    public async Task CheckHealthAsync_TableNotActive_ReportsItsStatus(string status, HealthStatus expected)
    {
        var client = Substitute.For<IAmazonDynamoDB>();
        client.DescribeTableAsync("ChatRoom", Arg.Any<CancellationToken>())
            .Returns(new DescribeTableResponse { Table = new TableDescription { TableName = "ChatRoom", TableStatus = new TableStatus(status) } });
        await using var services = Build(_ => { }, s => s.AddSingleton(client));

        var entry = await CheckAsync(services);

        Assert.Equal(expected, entry.Status);
        Assert.Contains($"'ChatRoom' is {status}", entry.Description, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<DynamoDbOptions> configure, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChatRoom().AddDynamoDb(configure);
        services.AddHealthChecks().AddChatRoomHealthChecks();
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider services) =>
        (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[ChatRoomHealthChecksBuilderExtensions.CheckName];
}
