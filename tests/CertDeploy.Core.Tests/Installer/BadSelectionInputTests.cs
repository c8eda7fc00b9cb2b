using System;
using System.IO;
using System.Linq;
using CertDeploy.Core.Diagnostics;
using CertDeploy.Core.Installer;
using CertDeploy.Core.Ports;
using CertDeploy.Core.Tests.Support;
using Xunit;
using static CertDeploy.Core.Tests.Installer.CosDocServer;

namespace CertDeploy.Core.Tests.Installer;

/// <summary>
/// Bad selections and settings given to a whole run: each is refused by Prepare with the exact
/// message, and the machine (files, key descriptors, services, store) is left as it was.
/// </summary>
public class BadSelectionInputTests
{
    private static readonly string NewSigning = NewSet.Signing.Thumbprint;
    private static readonly string NewEncryption = NewSet.Encryption.Thumbprint;

    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Expired =
        TestCertificates.Create(TestCertificates.Signing, TestCertificates.Now.AddYears(-3), TestCertificates.Now.AddDays(-1));

    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 NotYetValid =
        TestCertificates.Create(TestCertificates.BuypassSeid2Encryption, TestCertificates.Now.AddDays(2));

    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 Authentication =
        TestCertificates.Create(TestCertificates.Authentication);

    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 KeyLess =
        TestCertificates.Create(TestCertificates.BuypassSeid2Encryption, withPrivateKey: false);

    /// <summary>Each row: its setup and the exact message, with {placeholders} for values made per run.</summary>
    public static TheoryData<string, string> Rows => new()
    {
        // A thumbprint that is well-formed but names no certificate of the store.
        { "signing not in store",
            @"The signing certificate AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA is not in LocalMachine\My. "
            + "Import its PKCS#12 file into Local Computer > Personal, or choose another certificate." },

        // The authentication certificate of a Commfides set offered as encryption certificate.
        { "authentication as encryption",
            "The certificate {authentication} cannot be used for encryption: its Key Usage is Digital "
            + "Signature (an authentication certificate); encryption needs Key Encipherment or Data "
            + "Encipherment. Choose the encryption certificate of the set." },

        // The encryption certificate given for both roles: it cannot sign (no Non-Repudiation).
        { "encryption for both roles",
            "The certificate {newencryption} cannot be used for signing and encryption: its Key Usage is "
            + "Digital Signature, Key Encipherment; signing needs Non-Repudiation and encryption needs Key "
            + "Encipherment or Data Encipherment. Choose the signing and encryption certificate of the set." },

        // One day past NotAfter.
        { "expired signing",
            "The signing certificate {expired} expired on 2026-12-03 12:00 UTC. Choose a certificate that "
            + "is valid now." },

        // NotBefore two days ahead.
        { "not yet valid encryption",
            "The encryption certificate {notyet} is not valid until 2026-12-06 12:00 UTC. Choose a "
            + "certificate that is valid now, or run again from that time." },

        // The certificate without its key, as after importing a .cer instead of the .p12.
        { "key-less encryption",
            @"The encryption certificate {keyless} has no private key in LocalMachine\My. Import the "
            + "PKCS#12 file (.p12 or .pfx) that holds its key, not the certificate alone." },

        // A letter outside hexadecimal among pasted digits.
        { "letter in thumbprint",
            "CERTDEPLOY_SIGNING_THUMBPRINT: character 'G' (U+0047) at position 11 is not a hexadecimal digit." },

        // 39 digits: one lost while copying.
        { "short thumbprint", "CERTDEPLOY_SIGNING_THUMBPRINT has 39 hexadecimal digits; a thumbprint has 40." },

        // A unit after the number.
        { "timeout with unit",
            "CERTDEPLOY_SERVICE_TIMEOUT=\"30s\" is not valid: give a whole number from 1 to 3600." },

        // A pattern that would select every service of the machine.
        { "pattern star",
            "Service pattern \"*\" in CERTDEPLOY_SERVICES matches every service on the machine. Name the "
            + "services to configure, for example KPR*;DigiHelse*." },

        // Patterns that match no service at all.
        { "no target",
            "No service to configure: no service on this machine matches Nothing*;Foo. Check that the "
            + "services are installed, or give their names in CERTDEPLOY_SERVICES (patterns with * and ?, "
            + "separated by semicolons)." },

        // A machine variable that overrides the file on every start: reported for every service.
        { "override variable",
            "{override:CosDocAuthServer}\n{override:DigiHelseMottak}\n{override:KPRService1}\n"
            + "{override:KPRService2}" },

        // A service folder whose appsettings.json has no CertSettings.
        { "no CertSettings",
            "{kpr2settings} of service KPRService2 has no "
            + "top-level CertSettings section: the application does not read its certificates from there. "
            + "Add \"CertSettings\": { \"SigningThumbprint\": \"...\", \"EncryptionThumbprint\": \"...\" }, "
            + "or leave it out of CERTDEPLOY_SERVICES." },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Prepare_RefusesWithTheExactMessage_AndChangesNothing(string row, string expected)
    {
        using var server = new CosDocServer();
        foreach (var certificate in new[] { Expired, NotYetValid, Authentication, KeyLess })
        {
            server.AddCertificate(certificate);
        }

        var properties = Setup(server, row);
        var before = server.Fingerprint();

        var error = Assert.Throws<CertDeployException>(() => server.Deployment().Prepare(properties));

        File.AppendAllText("/tmp/actual.txt", row + " => " + string.Join("\n", error.Findings.Where(f => f.IsError).Select(f => f.Message)) + "\n");
        Assert.Equal(Expand(expected, server), string.Join("\n", error.Findings.Where(f => f.IsError).Select(f => f.Message)));
        Assert.Equal(before, server.Fingerprint());
    }

    private static InstallerProperties Setup(CosDocServer server, string row) => row switch
    {
        "signing not in store" => Selection(new string('a', 40), NewEncryption),
        "authentication as encryption" => Selection(NewSigning, Authentication.Thumbprint),
        "encryption for both roles" => Selection(NewEncryption, NewEncryption),
        "expired signing" => Selection(Expired.Thumbprint, NewEncryption),
        "not yet valid encryption" => Selection(NewSigning, NotYetValid.Thumbprint),
        "key-less encryption" => Selection(NewSigning, KeyLess.Thumbprint),
        "letter in thumbprint" => Selection(NewSigning.Substring(0, 10) + "G" + NewSigning.Substring(11), NewEncryption),
        "short thumbprint" => Selection(NewSigning.Substring(1), NewEncryption),
        "timeout with unit" => NewSelection((PropertyNames.ServiceTimeoutSeconds, "30s")),
        "pattern star" => NewSelection((PropertyNames.ServicePatterns, "KPR*;*")),
        "no target" => NewSelection((PropertyNames.ServicePatterns, "Nothing*;Foo")),
        "override variable" => Override(server),
        "no CertSettings" => NoCertSettings(server),
        _ => throw new ArgumentOutOfRangeException(nameof(row), row, "no such row"),
    };

    private static string Expand(string expected, CosDocServer server)
    {
        foreach (var service in server.Services.ListServiceNames())
        {
            expected = expected.Replace("{override:" + service + "}",
                "The environment variable CertSettings__SigningThumbprint is set as a machine environment "
                + $"variable (value \"{NewSigning}\"): it overrides SigningThumbprint from the appsettings "
                + $"files of service {service}, so changing the files would not take effect. Remove the "
                + "variable and run again.", StringComparison.Ordinal);
        }

        return expected
            .Replace("{kpr2settings}", server.AppSettings("KPRService2"), StringComparison.Ordinal)
            .Replace("{authentication}", Authentication.Thumbprint, StringComparison.Ordinal)
            .Replace("{expired}", Expired.Thumbprint, StringComparison.Ordinal)
            .Replace("{notyet}", NotYetValid.Thumbprint, StringComparison.Ordinal)
            .Replace("{keyless}", KeyLess.Thumbprint, StringComparison.Ordinal)
            .Replace("{newencryption}", NewEncryption, StringComparison.Ordinal);
    }

    private static InstallerProperties Selection(string signing, string encryption) =>
        Properties((PropertyNames.SigningThumbprint, signing), (PropertyNames.EncryptionThumbprint, encryption));

    private static InstallerProperties Override(CosDocServer server)
    {
        server.Environment.Variables["CertSettings__SigningThumbprint"] = NewSigning;
        return NewSelection();
    }

    private static InstallerProperties NoCertSettings(CosDocServer server)
    {
        File.WriteAllText(server.AppSettings("KPRService2"), "{\r\n  \"Logging\": {}\r\n}\r\n");
        return NewSelection();
    }
}
