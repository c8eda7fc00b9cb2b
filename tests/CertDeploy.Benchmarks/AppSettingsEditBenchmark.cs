using System.Text;
using BenchmarkDotNet.Attributes;
using CertDeploy.Core.Configuration;

namespace CertDeploy.Benchmarks;

/// <summary>
/// Changing both thumbprints in a 1 MB appsettings file: many sections with comments, arrays,
/// escapes and non-ASCII text, CertSettings in the middle, UTF-8 with BOM and CRLF.
/// Targets: at most 5 ms and at most three times the file size allocated per edit.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AppSettingsEditBenchmark
{
    private const string NewSigning = "A1B2C3D4E5F60718293A4B5C6D7E8F9001122334";
    private const string NewEncryption = "FFEEDDCCBBAA99887766554433221100FFEEDDCC";

    private byte[] _content = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("{\r\n  // CosDoc service settings\r\n");
        var section = 0;
        while (text.Length < 1024 * 1024)
        {
            if (section == 2000)
            {
                text.Append("  \"CertSettings\": {\r\n")
                    .Append("    \"SigningThumbprint\": \"1111111111111111111111111111111111111111\", // signing\r\n")
                    .Append("    \"EncryptionThumbprint\": \"2222222222222222222222222222222222222222\",\r\n")
                    .Append("  },\r\n");
            }

            text.Append("  /* Section ").Append(section).Append(": kommune Ålesund, tjeneste KPR */\r\n")
                .Append("  \"Section").Append(section).Append("\": {\r\n")
                .Append("    \"ConnectionString\": \"Server=db").Append(section)
                .Append(";Database=CosDoc;Integrated Security=true\",\r\n")
                .Append("    \"Path\": \"C:\\\\ProgramData\\\\CosDoc\\\\").Append(section).Append("\",\r\n")
                .Append("    \"Enabled\": true, \"Retries\": ").Append(section % 7).Append(", \"Ratio\": -1.5e3,\r\n")
                .Append("    \"Hosts\": [\"a.example\", \"b.example\", null,],\r\n")
                .Append("    \"Nested\": { \"Level\": { \"Name\": \"Tromsø \\u00e6\", \"Flag\": false } }\r\n")
                .Append("  },\r\n");
            section++;
        }

        text.Append("  \"Last\": 0\r\n}\r\n");
        _content = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    [Benchmark]
    public byte[]? SetThumbprints() =>
        AppSettingsEditor.SetThumbprints("appsettings.json", _content, NewSigning, NewEncryption);

    [Benchmark]
    public CertSettingsValues Read() => AppSettingsEditor.Read("appsettings.json", _content);
}
