using Amazon;

namespace ChatRoom.Aws;

/// <summary>The API Gateway management endpoint the messenger sends to: set from options, or from each event's request context.</summary>
/// <remarks>
/// <para>
/// <c>AddApiGatewayMessenger</c> registers one instance as a singleton. It starts with
/// <see cref="ApiGatewayMessengerOptions.Endpoint"/>, or the endpoint built from <see cref="ApiGatewayMessengerOptions.ApiId"/>,
/// <see cref="ApiGatewayMessengerOptions.Stage"/> and the region. A Lambda host that sets
/// <see cref="ApiGatewayMessengerOptions.EndpointFromRequestContext"/> calls
/// <see cref="SetFromRequestContext(string, string)"/> with the event's <c>requestContext.apiId</c> and
/// <c>requestContext.stage</c> before handing the event to the engine; repeating it for every event is cheap.
/// </para>
/// <para>
/// Never build the endpoint from <c>requestContext.domainName</c>: behind a custom domain it names the domain, whose
/// base path mapping need not match the stage. The execute-api host built from the API id works with and without one.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class ApiGatewayEndpoint
{
    private readonly string _region;
    private volatile Target? _target;

    internal ApiGatewayEndpoint(ApiGatewayMessengerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _region = options.Region ?? string.Empty;
        if (!string.IsNullOrEmpty(options.Endpoint))
        {
            Set(new Uri(options.Endpoint, UriKind.Absolute));
        }
        else if (!string.IsNullOrEmpty(options.ApiId) && !string.IsNullOrEmpty(options.Stage))
        {
            SetFromRequestContext(options.ApiId, options.Stage);
        }
    }

    /// <summary>Gets the endpoint including the stage, or <see langword="null"/> while it is not known yet.</summary>
    public Uri? Current => _target?.Endpoint;

    /// <summary>Builds the execute-api endpoint of a WebSocket API's stage: <c>https://{apiId}.execute-api.{region}.amazonaws.com/{stage}</c>.</summary>
    /// <param name="apiId">The API id (<c>requestContext.apiId</c>).</param>
    /// <param name="region">The AWS region, e.g. <c>eu-west-1</c>.</param>
    /// <param name="stage">The stage name (<c>requestContext.stage</c>).</param>
    /// <returns>The endpoint, with the DNS suffix of the region's partition (e.g. <c>amazonaws.com.cn</c> in China).</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static Uri Build(string apiId, string region, string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiId);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var dnsSuffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
        if (string.IsNullOrEmpty(dnsSuffix))
        {
            dnsSuffix = "amazonaws.com";
        }

        return new Uri($"https://{apiId}.execute-api.{region}.{dnsSuffix}/{Uri.EscapeDataString(stage)}", UriKind.Absolute);
    }

    /// <summary>Uses the stage of the API that raised the current event.</summary>
    /// <param name="apiId">The event's <c>requestContext.apiId</c>.</param>
    /// <param name="stage">The event's <c>requestContext.stage</c>.</param>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public void SetFromRequestContext(string apiId, string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiId);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var current = _target;
        if (current is not null && current.ApiId == apiId && current.Stage == stage)
        {
            return;
        }

        _target = new Target(Build(apiId, _region, stage), apiId, stage);
    }

    /// <summary>Uses an explicit endpoint, e.g. a custom domain with its base path or a local gateway.</summary>
    /// <param name="endpoint">An absolute http or https URL including the stage or base path.</param>
    /// <exception cref="ArgumentException">The URL is not absolute http or https, or has a query or fragment.</exception>
    public void Set(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!IsValid(endpoint))
        {
            throw new ArgumentException($"The endpoint '{endpoint}' must be an absolute http or https URL without a query or fragment.", nameof(endpoint));
        }

        _target = new Target(endpoint, null, null);
    }

    internal static bool IsValid(Uri endpoint) =>
        endpoint.IsAbsoluteUri
        && (endpoint.Scheme == Uri.UriSchemeHttps || endpoint.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(endpoint.Query)
        && string.IsNullOrEmpty(endpoint.Fragment);

    /// <summary>Builds <c>{endpoint}/@connections/{connection id, percent-encoded}</c>.</summary>
    internal bool TryGetConnectionUri(string connectionId, out Uri uri)
    {
        var target = _target;
        if (target is null)
        {
            uri = null!;
            return false;
        }

        uri = new Uri(target.ConnectionsPrefix + Uri.EscapeDataString(connectionId), UriKind.Absolute);
        return true;
    }

    /// <summary>One endpoint, swapped atomically.</summary>
    private sealed class Target(Uri endpoint, string? apiId, string? stage)
    {
        public Uri Endpoint { get; } = endpoint;

        public string? ApiId { get; } = apiId;

        public string? Stage { get; } = stage;

        public string ConnectionsPrefix { get; } = endpoint.AbsoluteUri.TrimEnd('/') + "/@connections/";
    }
}
