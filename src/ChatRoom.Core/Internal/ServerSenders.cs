namespace ChatRoom.Internal;

/// <summary>The senders of messages the application sends through <see cref="IChatRoomService"/>, which come from no connection.</summary>
/// <remarks>
/// Hosts make connection ids themselves (API Gateway's, or <c>ConnectionIds</c> in process) and never with a <c>$</c>,
/// so no client can hold these ids, match them as its own acknowledgement, or send as the system.
/// </remarks>
internal static class ServerSenders
{
    /// <summary>The connection id (and user id) of the system sender; the wire marks its messages <c>"system":true</c>.</summary>
    public const string SystemId = "$system";

    /// <summary>The connection id of a message the application sent on behalf of a user.</summary>
    public const string ServerConnectionId = "$server";

    /// <summary>The system sender's name when the application gives none.</summary>
    public const string DefaultSystemName = "System";

    public static bool IsSystem(ChatMember sender) => string.Equals(sender.ConnectionId, SystemId, StringComparison.Ordinal);
}
