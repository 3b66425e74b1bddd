using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Mutates valid configuration documents into nearly-valid and hostile ones: values swapped for boundary numbers,
/// wrong-case enum names, huge or control-character strings, nulls and wrong types; properties dropped, added,
/// repeated; array items dropped, repeated or spliced from another document; and (when <c>textual</c>) the text itself
/// cut or spliced.
/// </summary>
internal sealed class JsonFuzzer
{
    private readonly JsonNode[] _corpus;
    private readonly string[] _names;
    private readonly string[] _strings;

    public JsonFuzzer(IEnumerable<string> corpus, IEnumerable<string> extraStrings)
    {
        _corpus = [.. corpus.Select(j => JsonNode.Parse(j)!)];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in _corpus)
        {
            Collect(doc, names, strings);
        }

        _names = [.. names.Order(StringComparer.Ordinal)];
        var pool = new List<string>(strings.Order(StringComparer.Ordinal));
        foreach (string s in strings.Order(StringComparer.Ordinal).ToArray())
        {
            pool.Add(s.ToLowerInvariant());
            pool.Add(s.ToUpperInvariant());
        }

        pool.AddRange(extraStrings);
        pool.AddRange(
        [
            "", " ", "\t", "x|y", new string('a', 201), new string('é', 5000), "\u202Eevil", "ACME\r\nBcc: victim@example.com", "\0",
            "{{", "}}", "{{customer.name}}", "{{nope}}", "{{{{", "2026-02-30", "2026-01-31", "9999-12-31", "-9998-01-01", "0001-01-01",
            "+10000-01-01", "EUR", "eur", "XXX", "COP", "JPY", "es", "en", "es-CO", "en_GB", "fr", "09:00", "24:00", "23:59", "00:00",
            "23:59:59.999999999", "9:00", "1", "-1", "NaN", "Infinity", "true", "null", "Percent", "percent", "PERCENT", "0x10",
        ]);
        _strings = [.. pool.Distinct(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> PropertyNames => _names;

    /// <summary>A mutated document: structural mutations only, or also text-level ones (syntax errors, duplicate names).</summary>
    public string Next(Random random, bool textual)
    {
        var doc = _corpus[random.Next(_corpus.Length)].DeepClone();
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            doc = Mutate(doc, random);
        }

        string text = doc.ToJsonString();
        if (textual && random.Next(3) == 0)
        {
            text = MutateText(text, random);
        }

        return text;
    }

    private JsonNode Mutate(JsonNode doc, Random random)
    {
        var nodes = new List<JsonNode>();
        Walk(doc, nodes);
        var target = nodes[random.Next(nodes.Count)];
        switch (random.Next(9))
        {
            case 0:
            case 1:
            case 2:
                return Replace(doc, target, RandomValue(random));
            case 3 when target is JsonObject o && o.Count > 0:
                o.Remove(o.ElementAt(random.Next(o.Count)).Key);
                return doc;
            case 4 when target is JsonObject o:
                string name = random.Next(4) == 0 ? "unknownProperty" : _names[random.Next(_names.Length)];
                if (!o.ContainsKey(name))
                {
                    o[name] = RandomValue(random);
                }

                return doc;
            case 5 when target is JsonArray a && a.Count > 0:
                a.RemoveAt(random.Next(a.Count));
                return doc;
            case 6 when target is JsonArray a && a.Count > 0:
                int copies = random.Next(5) == 0 ? 60 + random.Next(100) : 1;
                var item = a[random.Next(a.Count)];
                for (int i = 0; i < copies; i++)
                {
                    a.Add(item?.DeepClone());
                }

                return doc;
            case 7:
                // Splice: a subtree of the same property name from any corpus document.
                if (target.Parent is JsonObject parent)
                {
                    string key = target.GetPropertyName();
                    var donors = new List<JsonNode>();
                    foreach (var other in _corpus)
                    {
                        Find(other, key, donors);
                    }

                    if (donors.Count > 0)
                    {
                        parent[key] = donors[random.Next(donors.Count)].DeepClone();
                    }
                }

                return doc;
            default:
                return Replace(doc, target, target is JsonValue v && v.TryGetValue(out string? s) ? JsonValue.Create(Tweak(s, random)) : RandomValue(random));
        }
    }

    private static string Tweak(string s, Random random) => random.Next(4) switch
    {
        0 => s.ToLowerInvariant(),
        1 => s.ToUpperInvariant(),
        2 => s + " ",
        _ => s.Length > 1 ? s[..^1] : s + s,
    };

    private static JsonNode Replace(JsonNode doc, JsonNode target, JsonNode? value)
    {
        switch (target.Parent)
        {
            case null:
                return value ?? doc;
            case JsonObject o:
                o[target.GetPropertyName()] = value;
                return doc;
            case JsonArray a:
                a[target.GetElementIndex()] = value;
                return doc;
            default:
                return doc;
        }
    }

    private JsonNode? RandomValue(Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                int[] ints = [0, 1, -1, 2, 5, 7, 10, 12, 13, 20, 28, 29, 30, 31, 32, 45, 60, 61, 90, 91, 99, 100, 101, 120, 121, 200, 366, 367, 3640, 3641, 3660, 3661, 8784, 8785, 10000, 99999, int.MaxValue, int.MinValue];
                return JsonValue.Create(ints[random.Next(ints.Length)]);
            case 1:
                decimal[] decimals = [0.5m, 0.01m, 0.001m, 33.333333333333333333333333333m, 99.99m, 100.0001m, -0.01m, 1e-28m, decimal.MaxValue, decimal.MinValue, 40.00m, 1234567.891m];
                return JsonValue.Create(decimals[random.Next(decimals.Length)]);
            case 2:
                double[] doubles = [1e30, -1e30, 2147483648d, 1.5, 1e-40];
                return JsonValue.Create(doubles[random.Next(doubles.Length)]);
            case 3:
            case 4:
                return JsonValue.Create(_strings[random.Next(_strings.Length)]);
            case 5:
                return random.Next(3) switch { 0 => null, 1 => JsonValue.Create(true), _ => JsonValue.Create(false) };
            default:
                return random.Next(3) switch { 0 => new JsonArray(), 1 => new JsonObject(), _ => new JsonArray(JsonValue.Create(1)) };
        }
    }

    private string MutateText(string text, Random random)
    {
        int at = random.Next(text.Length + 1);
        switch (random.Next(5))
        {
            case 0:
                return text[..at];
            case 1:
                char[] junk = ['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\u202E', 'x', '1', ' '];
                return text.Insert(at, junk[random.Next(junk.Length)].ToString());
            case 2:
                // A property given twice: repeat one "name": value pair in its own object.
                string name = _names[random.Next(_names.Length)];
                int found = text.IndexOf($"\"{name}\":", StringComparison.Ordinal);
                return found < 0 ? text : text.Insert(found, $"\"{name}\":{RandomValue(random)?.ToJsonString() ?? "null"},");
            case 3:
                return new StringBuilder(text).Insert(at, new string('[', 40)).ToString();
            default:
                return at < text.Length ? text.Remove(at, 1) : text + "}";
        }
    }

    private static void Walk(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var p in o)
                {
                    Walk(p.Value, nodes);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Walk(item, nodes);
                }

                break;
        }
    }

    private static void Find(JsonNode? node, string key, List<JsonNode> found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var p in o)
                {
                    if (p.Key == key && p.Value is not null)
                    {
                        found.Add(p.Value);
                    }

                    Find(p.Value, key, found);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Find(item, key, found);
                }

                break;
        }
    }

    private static void Collect(JsonNode? node, HashSet<string> names, HashSet<string> strings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var p in o)
                {
                    names.Add(p.Key);
                    Collect(p.Value, names, strings);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, names, strings);
                }

                break;
            case JsonValue v when v.TryGetValue(out string? s) && s.Length <= 64:
                strings.Add(s);
                break;
        }
    }
}
