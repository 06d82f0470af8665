using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatRoom.Aws;

/// <summary>
/// The Lambda entry for API Gateway WebSocket proxy events: maps <c>CONNECT</c> to <see cref="IChatEngine.ConnectedAsync"/>,
/// <c>MESSAGE</c> to <see cref="IChatEngine.FrameReceivedAsync"/> and <c>DISCONNECT</c> to <see cref="IChatEngine.DisconnectedAsync"/>,
/// and answers API Gateway.
/// </summary>
/// <remarks>
/// <para>
/// Registered by <c>AddApiGatewayWebSocketHandler()</c>; a function resolves it once per execution environment and
/// passes each event to <see cref="HandleAsync(Stream, CancellationToken)"/>. With
/// <see cref="ApiGatewayMessengerOptions.EndpointFromRequestContext"/> set, each event's <c>apiId</c> and <c>stage</c>
/// set the messenger's <see cref="ApiGatewayEndpoint"/> before the engine runs.
/// </para>
/// <para>
/// Answers: 200 for an accepted connect, every message and every disconnect; 401, 403 or 503 for a refused connect
/// (API Gateway then refuses the upgrade with that status), 403 also for a browser page whose <c>Origin</c> is not
/// allowed (<see cref="ApiGatewayWebSocketOptions.AllowedOrigins"/>), decided before the engine or a store is
/// touched; 503 for a disconnect the store could not record; 400 for events that are not WebSocket proxy events
/// (malformed JSON, authorizer events, reserved routes other than <c>$connect</c>, <c>$disconnect</c> and
/// <c>$default</c>). A bad message never fails the invocation: the engine answers the sender with an <c>error</c> frame
/// through <c>@connections</c>.
/// </para>
/// <para>
/// With <see cref="ApiGatewayMessengerOptions.FunctionTimeoutSeconds"/> set, each event has a deadline, counted from its
/// receipt, less <see cref="ApiGatewayMessengerOptions.DeadlineMargin"/>: at it the messenger stops sending, the event
/// is answered as usual, and one warning says what was not sent (members fill the gap from history).
/// </para>
/// <para>Thread-safe; one instance per process. Holds no per-event state; each call's deadline lives in its own flow.</para>
/// </remarks>
public sealed class ApiGatewayWebSocketHandler
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly IChatEngine _engine;
    private readonly OriginPolicy _origins;
    private readonly ApiGatewayEndpoint? _endpointFromEvents;
    private readonly InvocationDeadlines? _deadlines;
    private readonly ILogger _logger;

    /// <param name="engine">The chat engine.</param>
    /// <param name="options">The handler's options.</param>
    /// <param name="endpointFromEvents">The messenger's endpoint, when <see cref="ApiGatewayMessengerOptions.EndpointFromRequestContext"/> is set; each event then sets it.</param>
    /// <param name="deadlines">The messenger's invocation deadlines (<see cref="ApiGatewayMessengerOptions.FunctionTimeoutSeconds"/>); each event begins one.</param>
    /// <param name="logger">Logs refused and malformed events.</param>
    /// <exception cref="InvalidOperationException">An allowed origin is not an origin; the message names it and the setting.</exception>
    internal ApiGatewayWebSocketHandler(IChatEngine engine, IOptions<ApiGatewayWebSocketOptions> options, ApiGatewayEndpoint? endpointFromEvents, InvocationDeadlines? deadlines, ILogger<ApiGatewayWebSocketHandler> logger)
    {
        _engine = engine;
        _endpointFromEvents = endpointFromEvents;
        _deadlines = deadlines;
        _origins = new OriginPolicy(options.Value.AllowedOrigins);
        _logger = logger;
        if (_origins.Listed.Count == 0)
        {
            WebSocketHandlerLog.SameOriginOnly(_logger);
        }
        else
        {
            WebSocketHandlerLog.OriginsListed(_logger, _origins.Listed);
        }
    }

    /// <summary>Handles one event as the Lambda runtime delivers it: JSON in, JSON out.</summary>
    /// <param name="input">The event's UTF-8 JSON, with or without a byte order mark.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON, e.g. <c>{"statusCode":200}</c>, positioned at its start.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The deadline counts from receiving the event, as Lambda's timeout does.
        using var deadline = _deadlines?.Begin();
        var response = await HandleEventAsync(await ReadEventAsync(input, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, WebSocketEventJsonContext.Default.WebSocketProxyResponse, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <summary>Handles one parsed event.</summary>
    /// <param name="proxyEvent">The event, or <see langword="null"/> when the input was not a JSON object (answered with 400).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <remarks>
    /// With <see cref="ApiGatewayMessengerOptions.FunctionTimeoutSeconds"/> set, the invocation's deadline counts from
    /// this call; at it, the frames not yet sent are dropped and logged, and the event is answered as usual.
    /// </remarks>
    public async Task<WebSocketProxyResponse> HandleAsync(WebSocketProxyEvent? proxyEvent, CancellationToken cancellationToken = default)
    {
        using var deadline = _deadlines?.Begin();
        return await HandleEventAsync(proxyEvent, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WebSocketProxyResponse> HandleEventAsync(WebSocketProxyEvent? proxyEvent, CancellationToken cancellationToken)
    {
        if (proxyEvent is null)
        {
            return BadRequest("The event is not an API Gateway WebSocket proxy event (expected a JSON object).");
        }

        if (proxyEvent.Type is not null || proxyEvent.MethodArn is not null)
        {
            return BadRequest($"This is a {proxyEvent.Type ?? "authorizer"} authorizer event; the function handles WebSocket proxy events only.");
        }

        var context = proxyEvent.RequestContext;
        if (context is null || string.IsNullOrEmpty(context.ConnectionId))
        {
            return BadRequest("The event has no requestContext.connectionId.");
        }

        if (_endpointFromEvents is not null && !string.IsNullOrEmpty(context.ApiId) && !string.IsNullOrEmpty(context.Stage))
        {
            // Before the engine runs: the frames it sends for this event go to the API that raised it.
            _endpointFromEvents.SetFromRequestContext(context.ApiId, context.Stage);
        }

        var connectionId = context.ConnectionId;
        switch (ResolveEventType(context))
        {
            case WebSocketRequestContext.Connect:
                return await ConnectAsync(connectionId, proxyEvent, cancellationToken).ConfigureAwait(false);

            case WebSocketRequestContext.Message:
                if (!TryDecodeBody(proxyEvent, out var frame))
                {
                    return BadRequest("The body is marked isBase64Encoded but is not valid base64.");
                }

                await _engine.FrameReceivedAsync(connectionId, frame, cancellationToken).ConfigureAwait(false);
                return Ok();

            case WebSocketRequestContext.Disconnect:
                WebSocketHandlerLog.Disconnected(_logger, connectionId, context.DisconnectStatusCode, context.DisconnectReason);
                try
                {
                    await _engine.DisconnectedAsync(connectionId, cancellationToken).ConfigureAwait(false);
                }
                catch (ChatStoreUnavailableException ex)
                {
                    // TTL removes the connection's items later, and sends to it answer 410 meanwhile.
                    WebSocketHandlerLog.DisconnectFailed(_logger, connectionId, ex);
                    return new WebSocketProxyResponse { StatusCode = 503, Body = "The chat store is unavailable." };
                }

                return Ok();

            default:
                return BadRequest($"Unknown route '{context.RouteKey}' (eventType '{context.EventType}'); expected $connect, $disconnect or a message route.");
        }
    }

    /// <summary>Reads <c>eventType</c>; without one, infers it from the reserved route keys.</summary>
    private static string? ResolveEventType(WebSocketRequestContext context)
    {
        if (context.EventType is { Length: > 0 } eventType)
        {
            var known = eventType.ToUpperInvariant() switch
            {
                WebSocketRequestContext.Connect => WebSocketRequestContext.Connect,
                WebSocketRequestContext.Message => WebSocketRequestContext.Message,
                WebSocketRequestContext.Disconnect => WebSocketRequestContext.Disconnect,
                _ => null,
            };

            // A reserved route other than the three is not ours even when the event type looks right.
            return known is not null && IsReservedOtherThanOurs(context.RouteKey) ? null : known;
        }

        return context.RouteKey switch
        {
            "$connect" => WebSocketRequestContext.Connect,
            "$disconnect" => WebSocketRequestContext.Disconnect,
            "$default" => WebSocketRequestContext.Message,
            { Length: > 0 } route when route[0] != '$' => WebSocketRequestContext.Message,
            _ => null,
        };
    }

    private static bool IsReservedOtherThanOurs(string? routeKey) =>
        routeKey is { Length: > 0 } && routeKey[0] == '$' && routeKey is not ("$connect" or "$disconnect" or "$default");

    private async Task<WebSocketProxyResponse> ConnectAsync(string connectionId, WebSocketProxyEvent proxyEvent, CancellationToken cancellationToken)
    {
        var metadata = ToMetadata(proxyEvent);
        if (!AllowsOrigin(metadata.Headers, out var origin))
        {
            WebSocketHandlerLog.OriginRefused(_logger, connectionId, origin);
            return new WebSocketProxyResponse { StatusCode = 403, Body = "Pages from this origin may not open the chat (ChatRoom:AllowedOrigins)." };
        }

        var result = await _engine.ConnectedAsync(connectionId, metadata, cancellationToken).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            return Ok();
        }

        var statusCode = result.Status switch
        {
            ConnectStatus.Unauthenticated => 401,
            ConnectStatus.Forbidden => 403,
            _ => 503,
        };
        WebSocketHandlerLog.ConnectRefused(_logger, connectionId, result.Status);
        return new WebSocketProxyResponse { StatusCode = statusCode, Body = result.Reason };
    }

    /// <summary>Applies the origin rule to the upgrade request; the scheme is API Gateway's <c>X-Forwarded-Proto</c> (https when absent: API Gateway is https only).</summary>
    private bool AllowsOrigin(IReadOnlyDictionary<string, string> headers, out string? origin)
    {
        origin = headers.GetValueOrDefault("Origin");
        var scheme = headers.GetValueOrDefault("X-Forwarded-Proto")?.Split(',')[0].Trim() is { Length: > 0 } forwarded ? forwarded : "https";
        return _origins.Allows(origin, headers.GetValueOrDefault("Host"), scheme);
    }

    /// <summary>Builds the engine's view of the upgrade request: query, headers (every value joined with commas) and source IP.</summary>
    internal static ConnectionMetadata ToMetadata(WebSocketProxyEvent proxyEvent)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in proxyEvent.QueryStringParameters ?? ReadOnlyDictionary<string, string?>.Empty)
        {
            if (value is not null)
            {
                query[name] = value;
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in proxyEvent.Headers ?? ReadOnlyDictionary<string, string?>.Empty)
        {
            if (value is not null)
            {
                headers[name] = value;
            }
        }

        foreach (var (name, values) in proxyEvent.MultiValueHeaders ?? ReadOnlyDictionary<string, IReadOnlyList<string?>?>.Empty)
        {
            if (values is { Count: > 0 })
            {
                headers[name] = string.Join(',', values.Where(static v => v is not null));
            }
        }

        return new ConnectionMetadata
        {
            QueryParameters = query,
            Headers = headers,
            RemoteAddress = proxyEvent.RequestContext?.Identity?.SourceIp,
        };
    }

    private static bool TryDecodeBody(WebSocketProxyEvent proxyEvent, out ReadOnlyMemory<byte> frame)
    {
        var body = proxyEvent.Body ?? string.Empty;
        if (proxyEvent.IsBase64Encoded != true)
        {
            frame = Encoding.UTF8.GetBytes(body);
            return true;
        }

        var buffer = new byte[body.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(body, buffer, out var written))
        {
            frame = buffer.AsMemory(0, written);
            return true;
        }

        frame = default;
        return false;
    }

    private static async Task<WebSocketProxyEvent?> ReadEventAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        try
        {
            return JsonSerializer.Deserialize(json.Span, WebSocketEventJsonContext.Default.WebSocketProxyEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static WebSocketProxyResponse Ok() => new() { StatusCode = 200 };

    private WebSocketProxyResponse BadRequest(string reason)
    {
        WebSocketHandlerLog.BadEvent(_logger, reason);
        return new WebSocketProxyResponse { StatusCode = 400, Body = reason };
    }
}
