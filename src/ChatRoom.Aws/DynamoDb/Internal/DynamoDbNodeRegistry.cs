using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>
/// Refuses to start a second node that delivers in process (no backplane) on the same table: such nodes answer Gone
/// for every connection another process holds, so each would delete the other's clients.
/// </summary>
/// <remarks>
/// <para>
/// A node claims the table with one conditional write to a single lease item (NODES / LEASE) that succeeds only when
/// there is no lease, the lease is its own, or the lease has run out; so two nodes starting at the same moment cannot
/// both pass. The lease lasts <see cref="Lease"/> and is renewed every <see cref="RenewEvery"/>; a graceful stop
/// deletes it, and a killed node's lease simply runs out. Lease times come from each node's clock, so the nodes' clocks
/// must agree within a few seconds.
/// </para>
/// <para>
/// It acts only on a node with no <see cref="IChatBackplane"/> whose messenger is <see cref="InProcessMessenger"/>:
/// with a backplane nodes deliver to each other, and behind API Gateway (Lambda) every execution environment delivers
/// through <c>@connections</c>, so many of them on one table is the normal case.
/// </para>
/// <para>
/// DynamoDB unreachable at start does not stop the host (a restart loop would not bring DynamoDB back): the node serves,
/// logs a warning and retries with each renewal. A renewal that finds another node's live lease (this node's lease ran
/// out during an outage and another node claimed the table) stops the application.
/// </para>
/// </remarks>
internal sealed class DynamoDbNodeRegistry(
    IServiceProvider services,
    DynamoDbClientAccessor clientAccessor,
    IOptions<DynamoDbOptions> options,
    TimeProvider timeProvider,
    ILogger<DynamoDbNodeRegistry> logger) : IHostedService, IDisposable
{
    /// <summary>How long a claim holds without renewal: how long a killed node keeps others from starting.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    /// <summary>How often a node renews its claim; a third of the lease, so two missed renewals do not lose it.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private const string NodeAttribute = "node";
    private const string LeaseUntilAttribute = "leaseUntil";
    private const int ClaimAttempts = 3;

    private readonly IAmazonDynamoDB _client = clientAccessor.Client;
    private readonly string _table = options.Value.TableName;
    private readonly string _nodeId = string.Create(
        CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");

    private CancellationTokenSource? _stopping;
    private Task? _renewing;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IChatBackplane>() is not null || services.GetRequiredService<IConnectionMessenger>() is not InProcessMessenger)
        {
            return;
        }

        try
        {
            if (await ClaimAsync(cancellationToken).ConfigureAwait(false) is { } holder)
            {
                throw new InvalidOperationException(Refusal(holder));
            }
        }
        catch (ChatStoreUnavailableException ex)
        {
            DynamoDbNodeRegistryLog.ClaimUnavailable(logger, ex, _nodeId, _table, RenewEvery);
        }

        _stopping = new CancellationTokenSource();
        _renewing = RenewAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _renewing is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        try
        {
            // Deleted rather than left to run out, so that a graceful restart (or the next node) can start at once.
            await DynamoDbFaults.TranslateAsync("DeleteItem (node lease)", _table, async () =>
            {
                try
                {
                    await _client.DeleteItemAsync(
                        new DeleteItemRequest
                        {
                            TableName = _table,
                            Key = LeaseKey(),
                            ConditionExpression = "#node = :node",
                            ExpressionAttributeNames = new() { ["#node"] = NodeAttribute },
                            ExpressionAttributeValues = new() { [":node"] = Attributes.S(_nodeId) },
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (ConditionalCheckFailedException)
                {
                    // Not ours (any more): another node holds the table, and its lease stays.
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatStoreUnavailableException or OperationCanceledException)
        {
            DynamoDbNodeRegistryLog.ReleaseFailed(logger, ex, _nodeId, _table, Lease);
        }
    }

    public void Dispose() => _stopping?.Dispose();

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, timeProvider);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (await ClaimAsync(cancellationToken).ConfigureAwait(false) is { } holder)
                    {
                        DynamoDbNodeRegistryLog.Displaced(logger, Refusal(holder));
                        services.GetService<IHostApplicationLifetime>()?.StopApplication();
                        return;
                    }

                    if (failing)
                    {
                        DynamoDbNodeRegistryLog.Reclaimed(logger, _nodeId, _table);
                        failing = false;
                    }
                }
                catch (ChatStoreUnavailableException ex)
                {
                    DynamoDbNodeRegistryLog.RenewalUnavailable(logger, ex, _nodeId, _table, RenewEvery);
                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Claims or renews the lease; returns the other node that holds a live one, or <see langword="null"/> when this node holds it now.</summary>
    /// <exception cref="ChatStoreUnavailableException">DynamoDB could not be reached.</exception>
    private Task<NodeLeaseHolder?> ClaimAsync(CancellationToken cancellationToken) =>
        DynamoDbFaults.TranslateAsync("PutItem (node lease)", _table, async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var now = timeProvider.GetUtcNow();
                var until = now + Lease;
                try
                {
                    await _client.PutItemAsync(
                        new PutItemRequest
                        {
                            TableName = _table,
                            Item = new Dictionary<string, AttributeValue>(LeaseKey())
                            {
                                [NodeAttribute] = Attributes.S(_nodeId),
                                [LeaseUntilAttribute] = Attributes.N(until.ToUnixTimeMilliseconds()),

                                // Only tidies the table: a lease that ran out never blocks, deleted or not.
                                [TableKeys.TimeToLive] = Attributes.N(until.ToUnixTimeSeconds() + 1),
                            },
                            ConditionExpression = "attribute_not_exists(#pk) OR #node = :node OR #until <= :now",
                            ExpressionAttributeNames = new()
                            {
                                ["#pk"] = TableKeys.PartitionKey,
                                ["#node"] = NodeAttribute,
                                ["#until"] = LeaseUntilAttribute,
                            },
                            ExpressionAttributeValues = new()
                            {
                                [":node"] = Attributes.S(_nodeId),
                                [":now"] = Attributes.N(now.ToUnixTimeMilliseconds()),
                            },
                        },
                        cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (ConditionalCheckFailedException) when (attempt < ClaimAttempts)
                {
                    // Read who holds it; if the lease went meanwhile (a graceful stop), claim again.
                    if (await ReadHolderAsync(cancellationToken).ConfigureAwait(false) is { } holder && holder.LeaseUntil > timeProvider.GetUtcNow())
                    {
                        return holder;
                    }
                }
                catch (ConditionalCheckFailedException ex)
                {
                    throw new ChatStoreUnavailableException($"The node lease on DynamoDB table '{_table}' kept changing hands while node {_nodeId} tried to claim it.", ex);
                }
            }
        }, cancellationToken);

    private async Task<NodeLeaseHolder?> ReadHolderAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = LeaseKey(), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item
            ? new NodeLeaseHolder(item.GetString(NodeAttribute), DateTimeOffset.FromUnixTimeMilliseconds(item.GetNumber(LeaseUntilAttribute)))
            : null;
    }

    private string Refusal(NodeLeaseHolder holder) => string.Create(
        CultureInfo.InvariantCulture,
        $"Another ChatRoom node (id {holder.NodeId}, lease until {holder.LeaseUntil:O}) serves DynamoDB table '{_table}' and this node (id {_nodeId}) delivers only to its own sockets, so the two would drop each other's clients. Run one node, or add a backplane so that nodes deliver to each other: builder.AddRedisBackplane(…) (ChatRoom.Redis, docs/scale-out.md). A node that was killed frees its lease {Lease.TotalSeconds:0} s after its last renewal.");

    private static Dictionary<string, AttributeValue> LeaseKey() => Attributes.Key(TableKeys.NodeLeasePartition, TableKeys.NodeLeaseSortKey);
}
