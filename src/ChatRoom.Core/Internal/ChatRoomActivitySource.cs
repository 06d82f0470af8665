using System.Diagnostics;
using System.Reflection;

namespace ChatRoom.Internal;

/// <summary>The engine's spans, on the <c>ChatRoom</c> activity source; span and tag names are listed in docs/observability.md.</summary>
/// <remarks>
/// Every span starts through <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>, which returns
/// <see langword="null"/> when nothing listens, so callers check <see cref="ActivitySource.HasListeners"/> first and
/// otherwise take a path with no tracing work at all.
/// </remarks>
internal static class ChatRoomActivitySource
{
    public const string Name = "ChatRoom";

    public const string ConnectionIdTag = "chatroom.connection.id";
    public const string RoomTag = "chatroom.room";
    public const string ActionTag = "chatroom.action";
    public const string ConnectStatusTag = "chatroom.connect.status";
    public const string StoreTag = "chatroom.store";
    public const string OperationTag = "db.operation.name";
    public const string BodySizeTag = "messaging.message.body.size";
    public const string DestinationTag = "messaging.destination.name";
    public const string BatchCountTag = "messaging.batch.message_count";
    public const string MembersTag = "chatroom.broadcast.members";
    public const string DeliveredTag = "chatroom.broadcast.delivered";
    public const string FailedTag = "chatroom.broadcast.failed";
    public const string GoneTag = "chatroom.broadcast.gone";
    public const string ErrorTypeTag = "error.type";

    /// <summary>The value of <see cref="ActionTag"/> for an action the engine does not know, as OpenTelemetry does for unknown HTTP methods.</summary>
    public const string OtherAction = "_OTHER";

    public static ActivitySource Source { get; } = new(Name, Version());

    /// <summary>Whether anything listens; when not, the decorators call straight through.</summary>
    public static bool IsListening => Source.HasListeners();

    /// <summary>Starts a connect span, parented on the request's W3C <c>traceparent</c> (and <c>tracestate</c>) header when it has a valid one.</summary>
    public static Activity? StartConnect(string connectionId, ConnectionMetadata? metadata)
    {
        var activity = TryGetRemoteParent(metadata, out var parent)
            ? Source.StartActivity("chatroom.connect", ActivityKind.Server, parent)
            : Source.StartActivity("chatroom.connect", ActivityKind.Server);
        activity?.SetTag(ConnectionIdTag, connectionId);
        return activity;
    }

    /// <summary>Starts a broadcast span: one pass over a room's members with <paramref name="frames"/> frames.</summary>
    public static Activity? StartBroadcast(string room, int frames)
    {
        var activity = Source.StartActivity("chatroom.broadcast", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RoomTag, room);
            activity.SetTag(DestinationTag, room);
            activity.SetTag(BatchCountTag, frames);
        }

        return activity;
    }

    /// <summary>Adds a roster page's members to the broadcast span's member count.</summary>
    public static void AddMembers(Activity? activity, int members)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MembersTag, (activity.GetTagItem(MembersTag) as int? ?? 0) + members);
        }
    }

    /// <summary>Ends a broadcast span's counts; a roster that could not be read to the end is an error.</summary>
    public static void BroadcastCompleted(Activity? activity, int delivered, int failed, int gone, bool reachedEveryMember)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(MembersTag, activity.GetTagItem(MembersTag) as int? ?? 0);
        activity.SetTag(DeliveredTag, delivered);
        activity.SetTag(FailedTag, failed);
        activity.SetTag(GoneTag, gone);
        if (!reachedEveryMember)
        {
            activity.SetStatus(ActivityStatusCode.Error, "The room's members could not all be read; some were not reached.");
        }
    }

    public static Activity? StartStoreCall(string store, string operation, string? room, string? connectionId)
    {
        var activity = Source.StartActivity("chatroom.store." + operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(StoreTag, store);
            activity.SetTag(OperationTag, operation);
            activity.SetTag(RoomTag, room);
            activity.SetTag(ConnectionIdTag, connectionId);
        }

        return activity;
    }

    /// <summary>Marks a span as failed by an exception (a cancelled call is not a failure).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null || exception is OperationCanceledException)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(ErrorTypeTag, exception.GetType().FullName);
        activity.AddException(exception);
    }

    private static bool TryGetRemoteParent(ConnectionMetadata? metadata, out ActivityContext parent)
    {
        parent = default;
        if (metadata is null || !metadata.Headers.TryGetValue("traceparent", out var traceParent))
        {
            return false;
        }

        metadata.Headers.TryGetValue("tracestate", out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);
    }

    private static string? Version()
    {
        // The package version, without the "+commit" suffix the SDK appends to the informational version.
        var assembly = typeof(ChatRoomActivitySource).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is null ? assembly.GetName().Version?.ToString() : informational.Split('+')[0];
    }
}
