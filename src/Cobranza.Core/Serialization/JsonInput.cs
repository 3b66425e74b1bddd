using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Cobranza.Core.Serialization;

/// <summary>
/// Checks a configuration document before it is deserialized: System.Text.Json lets the last of two equal property
/// names win, so <c>"days": 30, "days": 90</c> would silently mean 90. Every JSON loader of the library refuses that.
/// </summary>
internal static class JsonInput
{
    /// <summary>Throws when an object of <paramref name="json"/> names a property twice (ordinal comparison, as the loaders match names).</summary>
    /// <param name="json">The document.</param>
    /// <param name="maxDepth">The loader's nesting limit.</param>
    /// <exception cref="JsonException">A property is repeated (the message and <see cref="JsonException.Path"/> give its JSON path), or the JSON is malformed or too deep.</exception>
    internal static void RejectDuplicateProperties(string json, int maxDepth)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = maxDepth });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Advance(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    var frame = frames[^1];
                    string name = reader.GetString()!;
                    frame.Property = name;
                    if (!frame.Names!.Add(name))
                    {
                        string path = Path(frames);
                        throw new JsonException(
                            $"The property '{Shorten(name)}' is given twice at {path}; each property may be given once (the document is refused rather than letting one value silently win).",
                            path,
                            null,
                            reader.BytesConsumed);
                    }

                    break;
                default:
                    Advance(frames);
                    break;
            }
        }
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsObject)
        {
            frames[^1].Index++;
        }
    }

    private static string Path(List<Frame> frames)
    {
        var builder = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsObject)
            {
                if (frame.Property is { } p)
                {
                    builder.Append('.').Append(Shorten(p));
                }
            }
            else
            {
                builder.Append('[').Append(frame.Index - 1).Append(']');
            }
        }

        return builder.ToString();
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? Property { get; set; }

        public int Index { get; set; }
    }
}
