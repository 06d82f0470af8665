using Amazon.DynamoDBv2;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws.Internal;

/// <summary>Checks that the configured table exists and is ACTIVE, with one DescribeTable call.</summary>
internal sealed class DynamoDbHealthProbe(DynamoDbClientAccessor clients, IOptions<DynamoDbOptions> options) : IChatRoomHealthProbe
{
    public string Name => "dynamodb";

    public async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var tableName = options.Value.TableName;
        try
        {
            var table = await DynamoDbFaults.TranslateAsync(
                "DescribeTable",
                tableName,
                async () => (await clients.Client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table,
                cancellationToken).ConfigureAwait(false);
            if (table.TableStatus == TableStatus.ACTIVE)
            {
                return HealthCheckResult.Healthy($"DynamoDB table '{tableName}' is ACTIVE.");
            }

            // An UPDATING table (a new index, a capacity change) still serves reads and writes.
            return table.TableStatus == TableStatus.UPDATING
                ? HealthCheckResult.Degraded($"DynamoDB table '{tableName}' is UPDATING; it serves requests meanwhile.")
                : HealthCheckResult.Unhealthy($"DynamoDB table '{tableName}' is {table.TableStatus}, not ACTIVE.");
        }
        catch (ChatStoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex.InnerException);
        }
    }
}
