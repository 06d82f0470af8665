namespace ChatRoom.Aws;

/// <summary>Options for the DynamoDB stores. Bound from <c>ChatRoom:DynamoDb</c> in the samples.</summary>
public sealed class DynamoDbOptions
{
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
}
