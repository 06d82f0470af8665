using Amazon.Runtime;

namespace ChatRoom.Aws;

/// <summary>Options for the API Gateway WebSocket messenger (the <c>@connections</c> management API).</summary>
/// <remarks>
/// Set <see cref="Endpoint"/>, or <see cref="ApiId"/> and <see cref="Stage"/>; or set
/// <see cref="EndpointFromRequestContext"/> and pass each event's request context to <see cref="ApiGatewayEndpoint"/>.
/// Bound from the <c>ChatRoom:ApiGateway</c> configuration section, except <see cref="Credentials"/>.
/// </remarks>
public sealed class ApiGatewayMessengerOptions
{
    /// <summary>The subsection of the <c>ChatRoom</c> section these options are bound from: <c>ApiGateway</c>.</summary>
    public const string SectionName = "ApiGateway";

    /// <summary>The largest frame API Gateway accepts on <c>@connections</c>: 128 KB.</summary>
    public const int ApiGatewayFrameLimit = 128 * 1024;

    /// <summary>
    /// Gets or sets the management endpoint including the stage, e.g. <c>https://abc123.execute-api.eu-west-1.amazonaws.com/prod</c>,
    /// a custom domain with its base path, or a local gateway such as <c>http://127.0.0.1:3001/local</c>.
    /// Takes precedence over <see cref="ApiId"/> and <see cref="Stage"/>. Default <see langword="null"/>.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Gets or sets the WebSocket API's id (the request context's <c>apiId</c>); used with <see cref="Stage"/> and <see cref="Region"/> when <see cref="Endpoint"/> is not set.</summary>
    public string? ApiId { get; set; }

    /// <summary>Gets or sets the stage name (the request context's <c>stage</c>); used with <see cref="ApiId"/>.</summary>
    public string? Stage { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the endpoint is learned at run time from each event's request context
    /// through <see cref="ApiGatewayEndpoint.SetFromRequestContext(string, string)"/> instead of from these options.
    /// Default <see langword="false"/>. Sends before the first call fail.
    /// </summary>
    public bool EndpointFromRequestContext { get; set; }

    /// <summary>Gets or sets the AWS region to sign for, e.g. <c>eu-west-1</c>. Default: the <c>AWS_REGION</c> environment variable (set by Lambda).</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Gets or sets the credentials to sign with. Default <see langword="null"/>: the AWS SDK's default credential chain
    /// (environment variables, which Lambda sets, then profiles, container and instance credentials). Not bound from configuration.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Gets or sets how many requests to the management API this process keeps in flight at once, across all broadcasts; also how many keep-alive connections it pools. Default 128.</summary>
    /// <remarks>
    /// A broadcast to M members takes about ⌈M / this⌉ times one post's latency (and Lambda bills that duration): at
    /// 20 ms per post, 1,000 members take about 160 ms at 128 and 640 ms at 32. A broadcast keeps at most
    /// <see cref="ChatRoomOptions.BroadcastConcurrency"/> of its own sends in flight, so raise both together. The
    /// requests of every function in the account and region share API Gateway's 10,000 per second: 128 in flight at
    /// 20 ms is 6,400 per second; answers of 429 are retried (<see cref="MaxRetries"/>) and keep their slot meanwhile.
    /// </remarks>
    public int MaxConcurrentRequests { get; set; } = 128;

    /// <summary>Gets or sets the largest frame sent; larger frames fail without a request. Default and maximum 128 KB (API Gateway's limit).</summary>
    public int MaxFrameBytes { get; set; } = ApiGatewayFrameLimit;

    /// <summary>Gets or sets how many times a request is retried after a 429, a 5xx, a timeout or a network error. Default 3; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first retry's delay; later retries back off exponentially, with jitter. Default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long one attempt may take before it is abandoned (and retried). Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the Lambda function's configured timeout, in whole seconds (the template passes its <c>Timeout</c> as
    /// <c>ChatRoom__ApiGateway__FunctionTimeoutSeconds</c>). Default <see langword="null"/>: no deadline.
    /// </summary>
    /// <remarks>
    /// With it set, each invocation of <see cref="ApiGatewayWebSocketHandler"/> has a deadline: this many seconds after
    /// the handler receives the event, less <see cref="DeadlineMargin"/>. At the deadline the messenger starts no more
    /// posts and cancels those in flight, so the invocation answers before Lambda stops it; the handler logs one warning
    /// saying what was not sent. Stored messages are not lost: members fill the gap from the next message's seq, or
    /// rejoin with <c>since</c>. Whole seconds, because a bare number bound to a <see cref="TimeSpan"/> means days.
    /// Between 1 and 900 (Lambda's limit).
    /// </remarks>
    public int? FunctionTimeoutSeconds { get; set; }

    /// <summary>
    /// Gets or sets how long before <see cref="FunctionTimeoutSeconds"/> the invocation's deadline falls: time left to
    /// cancel the posts, log and answer. Default 1 second; at least zero and less than the timeout.
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(1);
}
