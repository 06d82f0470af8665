using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The management API, like API Gateway's: <c>POST</c> (send a frame), <c>GET</c> (describe) and <c>DELETE</c>
/// (close) on <c>/{stage}/@connections/{connectionId}</c>, with the id percent-encoded. 403 unless the request carries
/// a valid SigV4 signature for <c>execute-api</c> in the gateway's region, made with the gateway's key pair within 15
/// minutes of its clock; 410 for ids that are not connected.
/// </summary>
/// <remarks>POSTs may be delayed and answered 500 on purpose (<see cref="PostFaults"/>), after the signature check.</remarks>
internal sealed class ConnectionsApi(ConnectionRegistry connections, IOptions<LocalGatewayOptions> options, TimeProvider timeProvider, PostFaults faults)
{
    /// <summary>API Gateway's largest <c>@connections</c> payload: 128 KB.</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    private const string Marker = "/@connections/";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;

        // The body is read (and hashed) first, because the signature covers it.
        var (payload, payloadHash) = await ReadPayloadAsync(request, context.RequestAborted);
        if (SignatureProblem(context, payloadHash) is { } problem)
        {
            await WriteMessageAsync(context, StatusCodes.Status403Forbidden, problem);
            return;
        }

        if (!TryGetConnectionId(context, out var connectionId))
        {
            await WriteMessageAsync(context, StatusCodes.Status403Forbidden, "Forbidden");
            return;
        }

        if (HttpMethods.IsPost(request.Method) && await faults.FailPostAsync(connectionId, context.RequestAborted))
        {
            // What API Gateway answers on an internal error; the messenger retries 5xx.
            await WriteMessageAsync(context, StatusCodes.Status500InternalServerError, "Internal server error");
            return;
        }

        if (!connections.TryGet(connectionId, out var connection) || connection.CloseRequest is not null)
        {
            await WriteMessageAsync(context, StatusCodes.Status410Gone, null);
            return;
        }

        if (HttpMethods.IsPost(request.Method))
        {
            if (payload is null)
            {
                await WriteMessageAsync(context, StatusCodes.Status413PayloadTooLarge, "Request Too Long");
                return;
            }

            context.Response.StatusCode = connection.TryEnqueue(payload) ? StatusCodes.Status200OK : StatusCodes.Status410Gone;
        }
        else if (HttpMethods.IsGet(request.Method))
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("connectedAt", connection.ConnectedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteStartObject("identity");
            writer.WriteString("sourceIp", connection.SourceIp);
            writer.WriteString("userAgent", connection.UserAgent);
            writer.WriteEndObject();
            writer.WriteString("lastActiveAt", connection.LastActiveAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
        else
        {
            connection.RequestClose(WebSocketCloseStatus.NormalClosure, "Going away");
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    /// <summary>Checks the request's SigV4 signature against the gateway's key pair, region and clock.</summary>
    /// <returns>Null when it is valid, otherwise what is wrong.</returns>
    private string? SignatureProblem(HttpContext context, string payloadHash)
    {
        var gateway = options.Value;
        var headers = context.Request.Headers;
        return SigV4Signature.Problem(
            context.Request.Method,
            RawTarget(context),
            name => headers.TryGetValue(name, out var values) ? values.ToString() : null,
            payloadHash,
            accessKey => accessKey == gateway.AccessKeyId ? gateway.SecretAccessKey : null,
            gateway.Region,
            "execute-api",
            timeProvider.GetUtcNow());
    }

    /// <summary>Reads the whole body and hashes it; the payload is null when it is larger than <see cref="MaxPayloadBytes"/>.</summary>
    /// <remarks>
    /// Sized by Content-Length when there is one (Kestrel stops a body at its declared length), so a typical frame of a
    /// few hundred bytes costs one small array rather than a 128 KB one per call (which, on the large object heap,
    /// made every broadcast a garbage collector workout). A larger body is only hashed, never kept.
    /// </remarks>
    private static async Task<(byte[]? Payload, string Hash)> ReadPayloadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared and <= MaxPayloadBytes)
        {
            var payload = new byte[declared];
            await request.Body.ReadExactlyAsync(payload, cancellationToken);
            return (payload, SigV4Signature.HashHex(payload));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            hash.AppendData(chunk, 0, read);
            if (buffer.Length <= MaxPayloadBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        return (buffer.Length > MaxPayloadBytes ? null : buffer.ToArray(), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The request target exactly as sent: the signature covers the path as the client encoded it.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;

    /// <summary>Reads the id from the raw request target, so that <c>%2F</c>, <c>%2B</c> and <c>%3D</c> decode exactly once.</summary>
    private bool TryGetConnectionId(HttpContext context, out string connectionId)
    {
        connectionId = string.Empty;
        var path = RawTarget(context).Split('?', 2)[0];
        var marker = path.IndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0 || path[..marker].Trim('/') != Uri.EscapeDataString(options.Value.Stage))
        {
            return false;
        }

        var encoded = path[(marker + Marker.Length)..];
        if (encoded.Length == 0 || encoded.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        connectionId = Uri.UnescapeDataString(encoded);
        return true;
    }

    private static async Task WriteMessageAsync(HttpContext context, int statusCode, string? message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
