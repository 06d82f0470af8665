using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatRoom.Samples.Lambda.Page;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The page API, as the stack's HTTP API serves it: every HTTP request the other endpoints do not take becomes a
/// payload-2.0 event for the Lambda sample's <see cref="PageFunction"/>, whose answer (status, headers, body) is written back.
/// </summary>
/// <remarks>So the Chromium tests load the page, its headers and its config answer from the code AWS runs.</remarks>
internal sealed class PageEndpoint(PageFunction function, TimeProvider timeProvider)
{
    public async Task HandleAsync(HttpContext context)
    {
        await using var output = await function.HandleAsync(new MemoryStream(Event(context.Request), writable: false));
        using var response = await JsonDocument.ParseAsync(output, cancellationToken: context.RequestAborted);
        var root = response.RootElement;
        context.Response.StatusCode = root.GetProperty("statusCode").GetInt32();
        if (root.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                context.Response.Headers[header.Name] = header.Value.GetString();
            }
        }

        var body = root.TryGetProperty("body", out var text) ? text.GetString() ?? string.Empty : string.Empty;
        if (body.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.GetBoolean();
            await context.Response.Body.WriteAsync(base64 ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body), context.RequestAborted);
        }
    }

    /// <summary>The event API Gateway's HTTP API sends for a request: lowercased header names, repeated ones joined with commas.</summary>
    private byte[] Event(HttpRequest request)
    {
        var now = timeProvider.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "2.0");
            writer.WriteString("routeKey", "$default");
            writer.WriteString("rawPath", request.PathBase + request.Path);
            writer.WriteString("rawQueryString", request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty);
            writer.WriteStartObject("headers");
            foreach (var (name, values) in request.Headers.Where(static h => !ProxyEventWriter.IsForwardingHeader(h.Key)))
            {
                writer.WriteString(name.ToLowerInvariant(), values.ToString());
            }

            writer.WriteString("x-forwarded-for", request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
            writer.WriteString("x-forwarded-port", request.HttpContext.Connection.LocalPort.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("x-forwarded-proto", request.Scheme);
            writer.WriteEndObject();
            writer.WriteStartObject("requestContext");
            writer.WriteString("routeKey", "$default");
            writer.WriteString("stage", "$default");
            writer.WriteString("requestId", ProxyEventWriter.NewId(8));
            writer.WriteString("domainName", request.Host.Value);
            writer.WriteNumber("timeEpoch", now.ToUnixTimeMilliseconds());
            writer.WriteStartObject("http");
            writer.WriteString("method", request.Method);
            writer.WriteString("path", request.PathBase + request.Path);
            writer.WriteString("protocol", request.Protocol);
            writer.WriteString("sourceIp", request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteBoolean("isBase64Encoded", false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
