using System.Net;
using Microsoft.Extensions.Logging;

namespace ChatRoom.Aws.Internal;

/// <summary>The API Gateway messenger's log messages. Never logs headers, credentials, signatures or frame contents.</summary>
internal static partial class ApiGatewayLog
{
    [LoggerMessage(200, LogLevel.Debug, "Connection {ConnectionId} is gone (410 on {Method}).")]
    public static partial void Gone(ILogger logger, string method, string connectionId);

    [LoggerMessage(201, LogLevel.Error, "API Gateway refused {Method} for connection {ConnectionId} with 403: the caller lacks execute-api:ManageConnections on this API and stage, the credentials or region are wrong, or the endpoint {Endpoint} is not the API's management endpoint.")]
    public static partial void Forbidden(ILogger logger, string method, string connectionId, Uri? endpoint);

    [LoggerMessage(202, LogLevel.Warning, "A {FrameBytes}-byte frame for connection {ConnectionId} is over the {MaxFrameBytes}-byte limit; it was not sent.")]
    public static partial void FrameTooLarge(ILogger logger, string connectionId, int frameBytes, int maxFrameBytes);

    [LoggerMessage(203, LogLevel.Warning, "{Method} for connection {ConnectionId} failed with {StatusCode}.")]
    public static partial void FailedStatus(ILogger logger, string method, string connectionId, HttpStatusCode statusCode);

    [LoggerMessage(204, LogLevel.Warning, "{Method} for connection {ConnectionId} failed.")]
    public static partial void FailedException(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(205, LogLevel.Error, "No API Gateway endpoint is known yet, so {Method} for connection {ConnectionId} was not sent: call ApiGatewayEndpoint.SetFromRequestContext with each event's requestContext.apiId and stage, or set ChatRoom:ApiGateway:Endpoint, or ApiId and Stage.")]
    public static partial void NoEndpoint(ILogger logger, string method, string connectionId);

    [LoggerMessage(206, LogLevel.Debug, "Retrying {Method} for connection {ConnectionId} after {Outcome} (attempt {Attempt}) in {Delay}.")]
    public static partial void Retrying(ILogger logger, string method, string connectionId, string outcome, int attempt, TimeSpan delay);

    [LoggerMessage(207, LogLevel.Error, "{Method} for connection {ConnectionId} could not be signed: no AWS credentials could be resolved. Set ApiGatewayMessengerOptions.Credentials or configure the default credential chain.")]
    public static partial void SigningFailed(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(208, LogLevel.Warning, "The invocation reached its deadline after {ElapsedMilliseconds} ms (ChatRoom:ApiGateway:FunctionTimeoutSeconds less DeadlineMargin) and stopped sending: {Frames} frames to {Connections} connections were not sent, {DistinctFrames} distinct: {FrameList}; connections {ConnectionList}. Members recover stored messages by gap fill (the next message's seq, or a rejoin with since).")]
    public static partial void DeadlineReached(ILogger logger, long elapsedMilliseconds, int frames, int connections, int distinctFrames, string frameList, string connectionList);
}
