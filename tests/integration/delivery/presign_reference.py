"""The presigned GET URL botocore (the AWS SDK for Python) makes for the same request at a fixed time: a reference
to compare our SigV4 signing with. Usage: presign_reference.py <bucket> <key> <filename> <iso time>"""
import datetime
import sys

import boto3
import botocore.auth

bucket, key, filename, at = sys.argv[1:5]
fixed = datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).replace(tzinfo=None)
botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
client = boto3.client(
    "s3",
    region_name="ap-southeast-1",
    aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    config=boto3.session.Config(signature_version="s3v4", s3={"addressing_style": "virtual"}),
)
print(client.generate_presigned_url(
    "get_object",
    Params={"Bucket": bucket, "Key": key, "ResponseContentDisposition": f'attachment; filename="{filename}"'},
    ExpiresIn=300,
))
