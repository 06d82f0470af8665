namespace ChatRoom.Samples.AspNetCore;

/// <summary>Where the sample keeps connections and history (<c>ChatRoom:Storage</c>).</summary>
internal enum SampleStorage
{
    /// <summary>In this process: one node, nothing to set up.</summary>
    InMemory,

    /// <summary>DynamoDB (<c>ChatRoom:DynamoDb:*</c>); several nodes need <c>ChatRoom:Backplane=Redis</c>.</summary>
    DynamoDb,

    /// <summary>Redis (<c>ChatRoom:Redis:Configuration</c>): any number of nodes on one Redis.</summary>
    Redis,
}
