namespace ChatRoom.Aws;

/// <summary>What the function answers API Gateway: a status code (and, for errors, a short reason).</summary>
/// <remarks>A non-2xx answer to <c>$connect</c> refuses the connection with that HTTP status.</remarks>
public sealed class WebSocketProxyResponse
{
    /// <summary>Gets the HTTP status code: 200 when handled.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets a short reason for refusals and errors; omitted when <see langword="null"/>.</summary>
    public string? Body { get; init; }
}
