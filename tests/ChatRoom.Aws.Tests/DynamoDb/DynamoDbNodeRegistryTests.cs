using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>
/// Real generic hosts with <c>AddChatRoom().AddInMemory().AddDynamoDb()</c> on dynalite tables: a second node that
/// delivers in process on one table refuses to start, and every legitimate topology starts.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbNodeRegistryTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    [Fact]
    public async Task StartAsync_SecondInProcessNodeOnOneTable_ThrowsNamingTheBackplane()
    {
        var table = await CreateTableAsync();
        using var first = await StartNodeAsync(table);

        using var second = BuildNode(table);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

        Assert.Contains("AddRedisBackplane", error.Message, StringComparison.Ordinal);
        Assert.Contains($"DynamoDB table '{table}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"(id {await ReadLeaseHolderAsync(table)}, lease until ", error.Message, StringComparison.Ordinal);
        await first.StopAsync();
    }

    [Fact]
    public async Task StartAsync_TwoInProcessNodesAtTheSameMoment_OnlyOneStarts()
    {
        var table = await CreateTableAsync();
        using var first = BuildNode(table);
        using var second = BuildNode(table);

        var starts = new[] { first.StartAsync(), second.StartAsync() };
        await Task.WhenAll(starts).ContinueWith(static _ => { }, TaskScheduler.Default);

        Assert.Equal(1, starts.Count(static s => s.IsCompletedSuccessfully));
        Assert.IsType<InvalidOperationException>(starts.Single(static s => s.IsFaulted).Exception!.InnerException);
        await (starts[0].IsCompletedSuccessfully ? first : second).StopAsync();
    }

    [Fact]
    public async Task StartAsync_AfterTheOtherNodeStoppedGracefully_Starts()
    {
        var table = await CreateTableAsync();
        using (var first = await StartNodeAsync(table))
        {
            await first.StopAsync();
        }

        using var second = await StartNodeAsync(table);
        await second.StopAsync();
    }

    [Fact]
    public async Task StartAsync_OverALeaseThatRanOut_Starts()
    {
        // The first node's clock never moves, so it never renews: to the table it is a node that was killed.
        var table = await CreateTableAsync();
        var start = DateTimeOffset.UtcNow;
        using var killed = await StartNodeAsync(table, time: new FakeTimeProvider(start));
        var killedId = await ReadLeaseHolderAsync(table);

        using var next = await StartNodeAsync(table, time: new FakeTimeProvider(start + DynamoDbNodeRegistry.Lease + TimeSpan.FromSeconds(1)));

        Assert.NotEqual(killedId, await ReadLeaseHolderAsync(table)); // claimed, not merely started without a claim
        await next.StopAsync();
    }

    [Fact]
    public async Task RenewAsync_AfterAnotherNodeTookTheTable_StopsTheApplication()
    {
        // The first node's lease ran out (as in a DynamoDB outage longer than the lease) and another node claimed the table.
        var table = await CreateTableAsync();
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(start);
        using var displaced = await StartNodeAsync(table, time: clock);
        using var next = await StartNodeAsync(table, time: new FakeTimeProvider(start + DynamoDbNodeRegistry.Lease + TimeSpan.FromSeconds(1)));
        var stopping = new TaskCompletionSource();
        displaced.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.SetResult);

        clock.Advance(DynamoDbNodeRegistry.RenewEvery);

        await stopping.Task.WaitAsync(DynaliteServer.RequestTimeout);
        await next.StopAsync();
    }

    [Fact]
    public async Task StartAsync_OnDifferentTables_BothStart()
    {
        using var first = await StartNodeAsync(await CreateTableAsync());
        using var second = await StartNodeAsync(await CreateTableAsync());

        await second.StopAsync();
        await first.StopAsync();
    }

    [Fact]
    public async Task StartAsync_WithABackplane_StartsBesideAnInProcessNode()
    {
        var table = await CreateTableAsync();
        using var first = await StartNodeAsync(table);

        using var second = await StartNodeAsync(table, chat => chat.Services.AddSingleton<IChatBackplane, InertBackplane>());

        await second.StopAsync();
        await first.StopAsync();
    }

    [Fact]
    public async Task StartAsync_WithTheApiGatewayMessenger_IsNeverChecked()
    {
        // Many Lambda execution environments (or backend services) on one table are the normal case behind API Gateway.
        var table = await CreateTableAsync();
        using var first = await StartNodeAsync(table);
        static void Lambda(IChatRoomBuilder chat) =>
            chat.AddApiGatewayMessenger(o =>
            {
                o.Endpoint = "https://abc123.execute-api.us-east-1.amazonaws.com/prod";
                o.Region = "us-east-1";
            });

        using var second = await StartNodeAsync(table, Lambda);
        using var third = await StartNodeAsync(table, Lambda);

        await third.StopAsync();
        await second.StopAsync();
        await first.StopAsync();
    }

    [Fact]
    public async Task StartAsync_DynamoDbUnreachable_StartsAndWarns()
    {
        using var node = BuildNode("unreachable", serviceUrl: $"http://127.0.0.1:{ClosedPort()}");

        await node.StartAsync();

        var warning = Assert.Single(node.Services.GetFakeLogCollector().GetSnapshot(), static r => r.Id.Id == 400);
        Assert.Equal(LogLevel.Warning, warning.Level);
        await node.StopAsync();
    }

    private async Task<string> CreateTableAsync()
    {
        var table = "nodes-" + Guid.NewGuid().ToString("N")[..8];
        using var client = dynalite.CreateClient();
        await ChatRoomTable.EnsureCreatedAsync(client, table);
        return table;
    }

    private async Task<string> ReadLeaseHolderAsync(string table)
    {
        using var client = dynalite.CreateClient();
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = Attributes.Key(TableKeys.NodeLeasePartition, TableKeys.NodeLeaseSortKey),
            ConsistentRead = true,
        });
        return response.Item["node"].S;
    }

    private async Task<IHost> StartNodeAsync(string table, Action<IChatRoomBuilder>? configure = null, TimeProvider? time = null)
    {
        var node = BuildNode(table, configure, time);
        await node.StartAsync();
        return node;
    }

    private IHost BuildNode(string table, Action<IChatRoomBuilder>? configure = null, TimeProvider? time = null, string? serviceUrl = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        var chat = builder.Services.AddChatRoom().AddInMemory().AddDynamoDb(o =>
        {
            o.ServiceUrl = serviceUrl ?? dynalite.ServiceUrl;
            o.TableName = table;
            o.MaxRetries = 0;
            o.RequestTimeout = TimeSpan.FromSeconds(serviceUrl is null ? 30 : 1);
        });
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        configure?.Invoke(chat);
        return builder.Build();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
