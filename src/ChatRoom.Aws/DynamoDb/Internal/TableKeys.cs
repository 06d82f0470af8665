using System.Globalization;

namespace ChatRoom.Aws.Internal;

/// <summary>The single-table layout: key names and the shape of every partition and sort key (see docs/aws.md).</summary>
internal static class TableKeys
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLive = "ttl";

    public const string ConnectionSortKey = "META";
    public const string MemberPrefix = "MEMBER#";
    public const string RoomPrefix = "ROOM#";
    public const string SeqPrefix = "SEQ#";
    public const string CounterSortKey = "COUNTER";

    /// <summary>
    /// The one item through which a node that delivers only to its own sockets claims the table (sk LEASE). No prefix:
    /// every other partition key starts with a prefix and a '#', so it cannot collide with a connection, room or history.
    /// </summary>
    public const string NodeLeasePartition = "NODES";
    public const string NodeLeaseSortKey = "LEASE";

    /// <summary>Connection item (sk META), whose <c>rooms</c> set lists its memberships.</summary>
    public static string Connection(string connectionId) => "CONN#" + connectionId;

    /// <summary>A room's roster: one MEMBER# item per member.</summary>
    public static string Roster(string room) => RoomPrefix + room;

    public static string Member(string connectionId) => MemberPrefix + connectionId;

    /// <summary>A room's messages (SEQ#…), its seq counter (COUNTER) and de-duplication claims (DEDUP#…).</summary>
    public static string Messages(string room) => "MSGS#" + room;

    /// <summary>Zero-padded so that string order is numeric order.</summary>
    public static string Seq(long seq) => SeqPrefix + seq.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Length-prefixed so that no pair of user id and client message id can collide with another.</summary>
    public static string Deduplication(string userId, string clientMessageId) =>
        string.Create(CultureInfo.InvariantCulture, $"DEDUP#{userId.Length}:{userId}#{clientMessageId}");
}
