namespace ChatRoom.AwsCost;

/// <summary>
/// AWS list prices, us-east-1, as last known to the authors (the 2024-11-01 DynamoDB on-demand price cut included).
/// This machine has no internet access: check them before relying on the dollars, at
/// https://aws.amazon.com/dynamodb/pricing/on-demand/, https://aws.amazon.com/api-gateway/pricing/ and
/// https://aws.amazon.com/lambda/pricing/.
/// </summary>
internal static class PriceList
{
    public const string Source = "us-east-1 list prices as known in 2025 (unverified here: no internet)";

    /// <summary>DynamoDB on-demand, per million read request units (4 KB strongly consistent, or 2 × 4 KB eventually consistent).</summary>
    public const double DynamoDbReadPerMillion = 0.125;

    /// <summary>DynamoDB on-demand, per million write request units (1 KB).</summary>
    public const double DynamoDbWritePerMillion = 0.625;

    /// <summary>API Gateway WebSocket, per million messages (first billion a month), metered in 32 KB increments, both directions.</summary>
    public const double ApiGatewayMessagesPerMillion = 1.00;

    /// <summary>Lambda, per million requests.</summary>
    public const double LambdaRequestsPerMillion = 0.20;

    /// <summary>Lambda on arm64, per GB-second (first 7.5 billion GB-s a month).</summary>
    public const double LambdaArmGbSecond = 0.0000133334;

    /// <summary>Function memory, in GB: the SAM template's <c>MemorySize: 1024</c>.</summary>
    public const double LambdaMemoryGb = 1.0;

    /// <summary>
    /// Assumed duration of a <c>sendmessage</c> invocation, in seconds: not measured (the local gateway's timings say
    /// nothing about Lambda's), 50 ms plus the posts at the messenger's default of 128 in flight, about 15 ms each.
    /// </summary>
    public static double AssumedDurationSeconds(double posts) => 0.050 + (0.015 * posts / 128);
}
