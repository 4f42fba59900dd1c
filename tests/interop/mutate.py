"""Test-only message surgery for the negative controls (used by check_*.py, never by a peer).

- tamper_name_id: change the NameID text after signing. For a plaintext
  Assertion that is a byte edit; for an encrypted one it is what an attacker
  holding only the SP's public certificate can do: decrypt (here with the SP
  key, standing in for any ciphertext the attacker chose), edit, and encrypt
  again to the SP certificate.
- reencrypt: the same re-encryption without the edit, as the control proving
  that our re-encryption itself yields a message the peers accept.
"""

import re

import xmlsec
from lxml import etree

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "xenc": "http://www.w3.org/2001/04/xmlenc#",
}

_NAMEID_TEXT = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?NameID\b[^>]*>)([^<]*)(</)")


class MutationError(Exception):
    pass


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)


def tamper_plain(xml, new_name_id):
    """Replace the text of the single plaintext NameID element."""
    hits = _NAMEID_TEXT.findall(xml)
    if len(hits) != 1:
        raise MutationError("expected one plaintext NameID, found %d" % len(hits))
    out = _NAMEID_TEXT.sub(lambda m: m.group(1) + new_name_id.encode() + m.group(3), xml)
    if out == xml:
        raise MutationError("NameID already has that value")
    return out


def _decrypt_in_place(root, sp_key):
    enc = root.find("saml:EncryptedAssertion/xenc:EncryptedData", NS)
    if enc is None:
        raise MutationError("no EncryptedAssertion/EncryptedData")
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_file(sp_key, xmlsec.constants.KeyDataFormatPem))
    ctx = xmlsec.EncryptionContext(manager)
    ctx.decrypt(enc)
    assertion = root.find("saml:EncryptedAssertion/saml:Assertion", NS)
    if assertion is None:
        raise MutationError("decryption did not yield an Assertion")
    return assertion


# name -> (xmlsec transform, session key bits)
DATA_ALGS = {
    "aes128-cbc": (xmlsec.constants.TransformAes128Cbc, 128),
    "aes192-cbc": (xmlsec.constants.TransformAes192Cbc, 192),
    "aes256-cbc": (xmlsec.constants.TransformAes256Cbc, 256),
    "aes256-gcm": (xmlsec.constants.TransformAes256Gcm, 256),
}
KEY_ALGS = {
    "rsa-oaep-mgf1p": xmlsec.constants.TransformRsaOaep,
    "rsa-1_5": xmlsec.constants.TransformRsaPkcs1,
}


def _encrypt_in_place(root, assertion, sp_cert, data_alg="aes128-cbc", key_alg="rsa-oaep-mgf1p"):
    """Encrypt `assertion` (default AES-128-CBC, RSA-OAEP to sp_cert) where it stands."""
    transform, bits = DATA_ALGS[data_alg]
    holder = assertion.getparent()
    # Drop everything but the Assertion (an old EncryptedKey sibling, whitespace).
    for child in list(holder):
        if child is not assertion:
            holder.remove(child)
    holder.text = None
    enc = xmlsec.template.encrypted_data_create(
        root, transform, type=xmlsec.constants.TypeEncElement, ns="xenc")
    xmlsec.template.encrypted_data_ensure_cipher_value(enc)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(enc, ns="ds")
    enc_key = xmlsec.template.add_encrypted_key(key_info, KEY_ALGS[key_alg])
    xmlsec.template.encrypted_data_ensure_cipher_value(enc_key)
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_file(sp_cert, xmlsec.constants.KeyDataFormatCertPem))
    ctx = xmlsec.EncryptionContext(manager)
    ctx.key = xmlsec.Key.generate(xmlsec.constants.KeyDataAes, bits, xmlsec.constants.KeyDataTypeSession)
    ctx.encrypt_xml(enc, assertion)


def reencrypt(xml, sp_key, sp_cert, new_name_id=None, data_alg="aes128-cbc", key_alg="rsa-oaep-mgf1p"):
    root = etree.fromstring(xml, _parser())
    assertion = _decrypt_in_place(root, sp_key)
    if new_name_id is not None:
        name_id = assertion.find("saml:Subject/saml:NameID", NS)
        if name_id is None:
            raise MutationError("no NameID in the decrypted Assertion")
        if name_id.text == new_name_id:
            raise MutationError("NameID already has that value")
        name_id.text = new_name_id
    _encrypt_in_place(root, assertion, sp_cert, data_alg, key_alg)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def tamper_name_id(xml, new_name_id, sp_key=None, sp_cert=None):
    if b"EncryptedAssertion" in xml:
        if not (sp_key and sp_cert):
            raise MutationError("encrypted vector needs sp_key and sp_cert to tamper")
        return reencrypt(xml, sp_key, sp_cert, new_name_id)
    return tamper_plain(xml, new_name_id)
