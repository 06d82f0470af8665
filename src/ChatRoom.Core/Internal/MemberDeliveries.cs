namespace ChatRoom.Internal;

/// <summary>What happened to the frames of one pass sent to one member.</summary>
internal readonly record struct MemberDeliveries(string ConnectionId, int Delivered, int Failed, bool Gone);
