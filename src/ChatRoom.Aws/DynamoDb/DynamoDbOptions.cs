namespace ChatRoom.Aws;

/// <summary>Options for the DynamoDB stores: <c>AddDynamoDb(section)</c> binds them from the section's <c>DynamoDb</c> subsection.</summary>
public sealed class DynamoDbOptions
{
    /// <summary>The subsection of the <c>ChatRoom</c> section these options are bound from: <c>DynamoDb</c>.</summary>
    public const string SectionName = "DynamoDb";

    /// <summary>Gets or sets the table that holds connections, memberships and messages. Default <c>ChatRoom</c>.</summary>
    public string TableName { get; set; } = "ChatRoom";

    /// <summary>Gets or sets a service URL for a local or private endpoint (e.g. <c>http://127.0.0.1:8000</c> for dynalite). Used only when no <c>IAmazonDynamoDB</c> is registered.</summary>
    /// <remarks>For a loopback URL without configured credentials, placeholder credentials are used: local endpoints accept any.</remarks>
    public string? ServiceUrl { get; set; }

    /// <summary>Gets or sets the AWS region (e.g. <c>eu-west-1</c>). Used only when no <c>IAmazonDynamoDB</c> is registered; defaults to the SDK's region chain (<c>AWS_REGION</c>).</summary>
    public string? Region { get; set; }

    /// <summary>Gets or sets how long connection and membership items live if <c>$disconnect</c> never arrives. Default 3 hours (API Gateway closes connections after 2).</summary>
    public TimeSpan ConnectionTimeToLive { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Gets or sets how long messages are kept; <see langword="null"/> (the default) keeps them forever.</summary>
    public TimeSpan? MessageRetention { get; set; }

    /// <summary>Gets or sets how long a resend with the same client message id is recognised. Default 24 hours.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long one attempt of a DynamoDB request may take before it is abandoned. Default 5 seconds.</summary>
    /// <remarks>
    /// Used only when no <c>IAmazonDynamoDB</c> is registered. Without it an endpoint that stops answering (a frozen
    /// process, a black-holed network) would hold a sender for the HTTP client's 100-second default per attempt; with it
    /// the sender gets <c>unavailable</c> after at most (<see cref="MaxRetries"/> + 1) × <see cref="RequestTimeout"/>
    /// plus the SDK's short backoff.
    /// </remarks>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many times the SDK retries a throttled, failed or timed-out request. Default 3 (the SDK's DynamoDB default); 0 turns retries off.</summary>
    /// <remarks>Used only when no <c>IAmazonDynamoDB</c> is registered.</remarks>
    public int MaxRetries { get; set; } = 3;
}
