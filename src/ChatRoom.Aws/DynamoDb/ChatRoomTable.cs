using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ChatRoom.Aws;

/// <summary>Creates ChatRoom's DynamoDB table for local development and tests; production uses the SAM template.</summary>
public static class ChatRoomTable
{
    /// <summary>Creates the table (on-demand billing, keys <c>pk</c>/<c>sk</c>, TTL on <c>ttl</c>) if missing and waits until it is ACTIVE.</summary>
    /// <param name="client">The DynamoDB client.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the table is ACTIVE.</returns>
    /// <remarks>Idempotent and safe to call from several processes at once. Endpoints without the TTL API (dynalite) keep working; reads ignore expired items anyway.</remarks>
    public static async Task EnsureCreatedAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(tableName);

        if (await DescribeAsync(client, tableName, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await client.CreateTableAsync(Definition(tableName), cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Another process created it first.
            }
        }

        while (await DescribeAsync(client, tableName, cancellationToken).ConfigureAwait(false) is { } table && table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        await EnableTimeToLiveAsync(client, tableName, cancellationToken).ConfigureAwait(false);
    }

    private static CreateTableRequest Definition(string tableName) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema =
        [
            new KeySchemaElement("pk", KeyType.HASH),
            new KeySchemaElement("sk", KeyType.RANGE),
        ],
        AttributeDefinitions =
        [
            new AttributeDefinition("pk", ScalarAttributeType.S),
            new AttributeDefinition("sk", ScalarAttributeType.S),
        ],
    };

    private static async Task<TableDescription?> DescribeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static async Task EnableTimeToLiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = tableName,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "ttl", Enabled = true },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode is "UnknownOperationException" or "ValidationException")
        {
            // dynalite has no TTL API, and DynamoDB refuses to enable TTL twice: neither is a problem.
        }
    }
}
