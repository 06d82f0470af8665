namespace ChatRoom.Samples.LocalGateway;

/// <summary>How the local gateway imitates API Gateway; bound from the <c>LocalGateway</c> section.</summary>
public sealed class LocalGatewayOptions
{
    /// <summary>The configuration section: <c>LocalGateway</c>.</summary>
    public const string SectionName = "LocalGateway";

    /// <summary>Gets or sets the stage: clients connect to <c>ws://host/{stage}</c> (or <c>/ws</c>), the management API is <c>/{stage}/@connections</c>. Default <c>local</c>.</summary>
    public string Stage { get; set; } = "local";

    /// <summary>Gets or sets the API id reported in events. Default <c>localgw</c>.</summary>
    public string ApiId { get; set; } = "localgw";

    /// <summary>Gets or sets the region the function signs <c>@connections</c> calls for, and the only one the gateway accepts in a signature's scope. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Gets or sets the access key id the function signs <c>@connections</c> calls with; the gateway refuses any other (403). Default <c>local</c>.</summary>
    public string AccessKeyId { get; set; } = "local";

    /// <summary>Gets or sets the secret key the function signs with and the gateway verifies signatures with; never echoed. Default <c>local</c>.</summary>
    public string SecretAccessKey { get; set; } = "local";

    /// <summary>Gets or sets how long a connection may be silent (no frame either way) before it is closed with 1001. Default 10 minutes, like API Gateway.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long any connection may last before it is closed with 1001. Default 2 hours, like API Gateway.</summary>
    public TimeSpan MaxConnectionDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets the largest inbound message; larger ones close the socket with 1009. Default 32 KB, like API Gateway.</summary>
    public int MaxFrameBytes { get; set; } = 32 * 1024;

    /// <summary>Gets or sets the route keys besides <c>$connect</c>, <c>$disconnect</c> and <c>$default</c> (selected by <c>$request.body.action</c>). Default none, like the SAM template.</summary>
    public IList<string> MessageRoutes { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether connections that drop without a close frame get no <c>$disconnect</c>.
    /// API Gateway's <c>$disconnect</c> is best effort; turning this on exercises TTL and the 410 pruning path. Default <see langword="false"/>.
    /// </summary>
    public bool SimulateLostDisconnects { get; set; }

    /// <summary>
    /// Gets or sets how many execution environments the gateway runs the function in at most, each handling one
    /// invocation at a time, like Lambda's concurrency limit. Default 10; 1 runs every invocation one after another.
    /// </summary>
    public int MaxConcurrency { get; set; } = 10;

    /// <summary>
    /// Gets or sets how long an invocation may run, like the function's Lambda <c>Timeout</c>: passed to the function as
    /// <c>ChatRoom:ApiGateway:FunctionTimeoutSeconds</c> (as the template passes its <c>FunctionTimeout</c>), and
    /// enforced: an invocation still running then is abandoned ("Task timed out"), answered 502, and its execution
    /// environment discarded. Whole seconds, 1 to 900. Default 29 seconds, like the template.
    /// </summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromSeconds(29);

    /// <summary>Gets the faults injected into <c>@connections</c> POSTs (<c>LocalGateway:Faults</c>); none by default.</summary>
    public LocalGatewayFaultOptions Faults { get; } = new();

    /// <summary>Gets or sets the dynalite executable used when no <c>ChatRoom:DynamoDb:ServiceUrl</c> is set. Default: <c>tools/dynalite/node_modules/.bin/dynalite</c> in the repository.</summary>
    public string? DynalitePath { get; set; }

    /// <summary>Checks the options and names the setting that is wrong.</summary>
    /// <exception cref="InvalidOperationException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Stage) || Stage.Contains('/', StringComparison.Ordinal) || Stage.StartsWith('@'))
        {
            throw new InvalidOperationException("LocalGateway:Stage must be a non-empty path segment, e.g. 'local'.");
        }

        if (IdleTimeout <= TimeSpan.Zero || MaxConnectionDuration <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("LocalGateway:IdleTimeout and LocalGateway:MaxConnectionDuration must be positive.");
        }

        if (MaxFrameBytes < 1)
        {
            throw new InvalidOperationException("LocalGateway:MaxFrameBytes must be positive.");
        }

        if (MaxConcurrency < 1)
        {
            throw new InvalidOperationException($"LocalGateway:MaxConcurrency must be at least 1 (execution environments), not {MaxConcurrency}.");
        }

        if (FunctionTimeout < TimeSpan.FromSeconds(1) || FunctionTimeout > TimeSpan.FromSeconds(900) || FunctionTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new InvalidOperationException($"LocalGateway:FunctionTimeout must be whole seconds between 00:00:01 and 00:15:00, like a Lambda Timeout, not {FunctionTimeout}.");
        }

        Faults.Validate();

        if (string.IsNullOrWhiteSpace(AccessKeyId) || string.IsNullOrEmpty(SecretAccessKey) || string.IsNullOrWhiteSpace(Region))
        {
            throw new InvalidOperationException("LocalGateway:AccessKeyId, LocalGateway:SecretAccessKey and LocalGateway:Region must not be empty: the function signs @connections calls with them and the gateway verifies the signatures.");
        }
    }
}
