namespace ChatRoom.Aws.Internal;

/// <summary>The node whose live lease on the table kept this one from claiming it.</summary>
/// <param name="NodeId">The holder's node id (machine, process id and a random suffix).</param>
/// <param name="LeaseUntil">When the holder's lease ends unless it renews it.</param>
internal sealed record NodeLeaseHolder(string NodeId, DateTimeOffset LeaseUntil);
