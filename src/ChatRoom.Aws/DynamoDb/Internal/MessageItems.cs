using Amazon.DynamoDBv2.Model;

namespace ChatRoom.Aws.Internal;

/// <summary>Maps messages, and the tombstones that seal seqs holding none, to and from their DynamoDB items.</summary>
internal static class MessageItems
{
    public const string SeqAttribute = "seq";

    /// <summary>Marks a tombstone: a SEQ# item that seals a seq no message was stored at, so that none ever will be.</summary>
    public const string SealedAttribute = "sealed";

    private const string RoomAttribute = "room";
    private const string IdAttribute = "id";
    private const string SenderConnectionIdAttribute = "senderConnectionId";
    private const string SenderNameAttribute = "senderName";
    private const string SenderUserIdAttribute = "senderUserId";
    private const string SenderAuthenticatedAttribute = "senderAuthenticated";
    private const string TextAttribute = "text";
    private const string SentAtAttribute = "sentAt";
    private const string ClientMessageIdAttribute = "clientMessageId";

    /// <summary>The message's attributes under the given keys (its SEQ# item, or its de-duplication claim).</summary>
    public static Dictionary<string, AttributeValue> ToItem(ChatMessage message, string partitionKey, string sortKey, DateTimeOffset? expiresAt)
    {
        var item = Attributes.Key(partitionKey, sortKey);
        item[RoomAttribute] = Attributes.S(message.Room);
        item[SeqAttribute] = Attributes.N(message.Seq);
        item[IdAttribute] = Attributes.S(message.Id);
        item[SenderConnectionIdAttribute] = Attributes.S(message.Sender.ConnectionId);
        item[SenderNameAttribute] = Attributes.S(message.Sender.Name);
        item[SenderUserIdAttribute] = Attributes.S(message.Sender.UserId);
        if (message.Sender.IsAuthenticated)
        {
            item[SenderAuthenticatedAttribute] = new AttributeValue { BOOL = true };
        }

        item[TextAttribute] = Attributes.S(message.Text);
        item[SentAtAttribute] = Attributes.N(message.SentAt.ToUnixTimeMilliseconds());
        if (message.ClientMessageId is { } clientMessageId)
        {
            item[ClientMessageIdAttribute] = Attributes.S(clientMessageId);
        }

        if (expiresAt is { } expiry)
        {
            item[TableKeys.TimeToLive] = Attributes.N(expiry.ToUnixTimeSeconds());
        }

        return item;
    }

    /// <summary>A tombstone for <paramref name="seq"/>: it holds the seq so that a late append cannot, and is never read as a message.</summary>
    public static Dictionary<string, AttributeValue> Tombstone(string partitionKey, long seq, DateTimeOffset? expiresAt)
    {
        var item = Attributes.Key(partitionKey, TableKeys.Seq(seq));
        item[SeqAttribute] = Attributes.N(seq);
        item[SealedAttribute] = new AttributeValue { BOOL = true };
        if (expiresAt is { } expiry)
        {
            item[TableKeys.TimeToLive] = Attributes.N(expiry.ToUnixTimeSeconds());
        }

        return item;
    }

    public static bool IsSealed(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(SealedAttribute, out var value) && value.BOOL == true;

    /// <summary>What a SEQ# item stands for at <paramref name="now"/>: its message, or none for a tombstone or an expired message.</summary>
    public static SeqItem ToSeqItem(Dictionary<string, AttributeValue> item, DateTimeOffset now) =>
        new(item.GetNumber(SeqAttribute), IsSealed(item) || item.IsExpired(now) ? null : FromItem(item));

    public static ChatMessage FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Room = item.GetString(RoomAttribute),
        Seq = item.GetNumber(SeqAttribute),
        Id = item.GetString(IdAttribute),
        Sender = new ChatMember
        {
            ConnectionId = item.GetString(SenderConnectionIdAttribute),
            Name = item.GetString(SenderNameAttribute),
            UserId = item.GetString(SenderUserIdAttribute),
            IsAuthenticated = item.TryGetValue(SenderAuthenticatedAttribute, out var authenticated) && authenticated.BOOL == true,
        },
        Text = item.GetString(TextAttribute),
        SentAt = DateTimeOffset.FromUnixTimeMilliseconds(item.GetNumber(SentAtAttribute)),
        ClientMessageId = item.GetOptionalString(ClientMessageIdAttribute),
    };
}
