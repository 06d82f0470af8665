using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>Writes API Gateway WebSocket proxy events in the shape AWS sends them (see the captured fixtures in the tests).</summary>
/// <remarks>Written independently of the Lambda sample's event model, so the model is tested against this shape, not against itself.</remarks>
internal sealed class ProxyEventWriter(string apiId, string stage, TimeProvider timeProvider)
{
    public byte[] Connect(GatewayConnection connection, HttpRequest request) =>
        Write(connection, "$connect", "CONNECT", writer =>
        {
            // Like API Gateway, which sets these itself: the function reads the scheme of the client's connection from
            // X-Forwarded-Proto (its same-origin check needs it), so a client cannot choose it.
            var headers = request.Headers
                .Where(static h => !IsForwardingHeader(h.Key))
                .Append(new("X-Forwarded-For", connection.SourceIp))
                .Append(new("X-Forwarded-Port", request.HttpContext.Connection.LocalPort.ToString(CultureInfo.InvariantCulture)))
                .Append(new("X-Forwarded-Proto", request.Scheme))
                .ToList();
            writer.WriteStartObject("headers");
            foreach (var (name, values) in headers)
            {
                writer.WriteString(name, values.Count > 0 ? values[0] : string.Empty);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("multiValueHeaders");
            foreach (var (name, values) in headers)
            {
                writer.WriteStartArray(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            if (request.Query.Count > 0)
            {
                // Like API Gateway: the last value wins in queryStringParameters.
                writer.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    writer.WriteString(name, values.Count > 0 ? values[^1] : string.Empty);
                }

                writer.WriteEndObject();
                writer.WriteStartObject("multiValueQueryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    writer.WriteStartArray(name);
                    foreach (var value in values)
                    {
                        writer.WriteStringValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }
        });

    public byte[] Message(GatewayConnection connection, string routeKey, string body) =>
        Write(connection, routeKey, "MESSAGE", writer => writer.WriteString("body", body));

    public byte[] Disconnect(GatewayConnection connection, int statusCode, string reason) =>
        Write(connection, "$disconnect", "DISCONNECT", static _ => { }, (statusCode, reason));

    private byte[] Write(GatewayConnection connection, string routeKey, string eventType, Action<Utf8JsonWriter> writeTopLevel, (int Code, string Reason)? disconnect = null)
    {
        var now = timeProvider.GetUtcNow();
        var requestId = NewId(8);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeTopLevel(writer);
            writer.WriteStartObject("requestContext");
            writer.WriteString("routeKey", routeKey);
            if (eventType == "MESSAGE")
            {
                writer.WriteString("messageId", NewId(11));
            }

            if (disconnect is { } close)
            {
                writer.WriteNumber("disconnectStatusCode", close.Code);
                writer.WriteString("disconnectReason", close.Reason);
            }

            writer.WriteString("eventType", eventType);
            writer.WriteString("extendedRequestId", requestId);
            writer.WriteString("requestTime", now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture));
            writer.WriteString("messageDirection", "IN");
            writer.WriteString("stage", stage);
            writer.WriteNumber("connectedAt", connection.ConnectedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("requestTimeEpoch", now.ToUnixTimeMilliseconds());
            writer.WriteStartObject("identity");
            if (connection.UserAgent is not null)
            {
                writer.WriteString("userAgent", connection.UserAgent);
            }

            writer.WriteString("sourceIp", connection.SourceIp);
            writer.WriteEndObject();
            writer.WriteString("requestId", requestId);
            writer.WriteString("domainName", connection.DomainName);
            writer.WriteString("connectionId", connection.Id);
            writer.WriteString("apiId", apiId);
            writer.WriteEndObject();
            writer.WriteBoolean("isBase64Encoded", false);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Whether a header is one API Gateway sets itself, so a client cannot choose it.</summary>
    public static bool IsForwardingHeader(string name) =>
        name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Forwarded-Port", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase);

    /// <summary>An id like API Gateway's connection and request ids: base64 of random bytes, e.g. <c>R1kmxc2VNjMCFIA=</c>.</summary>
    public static string NewId(int bytes = 11) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
}
