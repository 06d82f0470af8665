using Microsoft.Extensions.Logging;

namespace ChatRoom.Aws.Internal;

/// <summary>The DynamoDB node registry's log messages.</summary>
internal static partial class DynamoDbNodeRegistryLog
{
    [LoggerMessage(400, LogLevel.Warning, "Node {NodeId} could not claim DynamoDB table '{TableName}' at start; it serves meanwhile and retries every {RenewEvery}. Until a claim succeeds it cannot tell whether another node delivering in process serves the same table.")]
    public static partial void ClaimUnavailable(ILogger logger, Exception exception, string nodeId, string tableName, TimeSpan renewEvery);

    [LoggerMessage(401, LogLevel.Warning, "Node {NodeId} could not renew its lease on DynamoDB table '{TableName}'; it retries every {RenewEvery}.")]
    public static partial void RenewalUnavailable(ILogger logger, Exception exception, string nodeId, string tableName, TimeSpan renewEvery);

    [LoggerMessage(402, LogLevel.Information, "Node {NodeId} holds the lease on DynamoDB table '{TableName}' again.")]
    public static partial void Reclaimed(ILogger logger, string nodeId, string tableName);

    [LoggerMessage(403, LogLevel.Critical, "Stopping the application: {Reason}")]
    public static partial void Displaced(ILogger logger, string reason);

    [LoggerMessage(404, LogLevel.Warning, "Node {NodeId} could not release its lease on DynamoDB table '{TableName}' at stop; the lease ends {Lease} after its last renewal.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string nodeId, string tableName, TimeSpan lease);
}
